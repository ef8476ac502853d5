import { isoDay } from '@insyn/registry';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The registry's day (`RegistryClock.today()`: the UTC calendar day of the real clock) moved by
 * `days`, as `YYYY-MM-DD`. Fixtures date reviews and withholdings with it, so the suite sees the
 * same future (or past) on whatever day it runs: a literal '2028-01-01' turns from "to come"
 * into "passed" as real time goes by. Where a test moves the registry clock, it pins its own
 * dates instead.
 */
export function daysFromToday(days: number, from: Date = new Date()): string {
  return isoDay(new Date(from.getTime() + days * DAY_MS));
}
