import { Injectable } from '@nestjs/common';

/**
 * The registry's sense of "now" and "today" (UTC calendar days, as the database compares dates).
 * Everything that depends on the date — withholdings that expire, overdue reviews — asks this
 * one clock, so a test can move it (jest.spyOn(clock, 'now')) and see every surface follow.
 */
@Injectable()
export class RegistryClock {
  now(): Date {
    return new Date();
  }

  /** Today as `YYYY-MM-DD` (UTC). */
  today(): string {
    return isoDay(this.now());
  }
}

/** A moment's calendar day as `YYYY-MM-DD` (UTC). */
export function isoDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}
