/** Size limits of free text and lists in entry inputs (characters / items). */
export const LIMITS = {
  title: 120,
  summary: 400,
  short: 200,
  text: 4000,
  long: 20000,
  url: 2000,
  list: 50,
  keywords: 30,
  keyword: 60,
  locations: 500,
  /** One link per principle of the city's five. */
  principles: 5,
} as const;
