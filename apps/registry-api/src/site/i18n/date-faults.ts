/** Why a date written YYYY-MM-DD is no day of the calendar (years 0001–9999, as the API's). */
export type DateFault =
  | { part: 'year' }
  | { part: 'month'; month: number }
  | { part: 'day'; year: number; month: number; days: number };

/** A month's name in a language (`februari`, `February`). */
export function monthName(locale: string, month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) return String(month);
  return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2001, month - 1, 1)),
  );
}
