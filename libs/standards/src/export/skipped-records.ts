/** Skipped entries an export lists in full: the first ones in id order (gaps.json names every one). */
export const SKIPPED_LISTED = 100;
/** Distinct problems an export's skip summary counts. */
export const SKIPPED_PROBLEMS_COUNTED = 100;

/** What an export says of the entries it skipped, written after its records. */
export interface SkippedSummary {
  /** Every skipped entry. */
  entries: number;
  /** How many of them `skipped` lists (at most SKIPPED_LISTED, the first in id order). */
  listed: number;
  /** Each problem with the number of skipped entries that have it, most frequent first. */
  problems: { problem: string; entries: number }[];
  /** Problems of skipped entries not among `problems` (once SKIPPED_PROBLEMS_COUNTED are counted). */
  otherProblems: number;
}

/**
 * The entries an export skips, in bounded memory whatever the register's size: every one counted,
 * the first SKIPPED_LISTED kept as they are, and their problems tallied (at most
 * SKIPPED_PROBLEMS_COUNTED distinct ones; the rest counted together).
 */
export class SkippedRecords<T> {
  private readonly first: T[] = [];
  private readonly tally = new Map<string, number>();
  private count = 0;
  private others = 0;

  constructor(
    private readonly listed = SKIPPED_LISTED,
    private readonly problemsCounted = SKIPPED_PROBLEMS_COUNTED,
  ) {}

  add(record: T, problems: readonly string[]): void {
    this.count += 1;
    if (this.first.length < this.listed) this.first.push(record);
    for (const problem of new Set(problems)) {
      const seen = this.tally.get(problem);
      if (seen !== undefined) this.tally.set(problem, seen + 1);
      else if (this.tally.size < this.problemsCounted) this.tally.set(problem, 1);
      else this.others += 1;
    }
  }

  /** The export's tail: `skipped` (the first ones) and `skippedSummary`. */
  tail(): { skipped: T[]; skippedSummary: SkippedSummary } {
    return {
      skipped: this.first,
      skippedSummary: {
        entries: this.count,
        listed: this.first.length,
        problems: [...this.tally]
          .map(([problem, entries]) => ({ problem, entries }))
          .sort((a, b) => b.entries - a.entries || (a.problem < b.problem ? -1 : 1)),
        otherProblems: this.others,
      },
    };
  }
}
