import axe from 'axe-core';
import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`; .ci/run installs it). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether browser tests can run here. Without chromium they are skipped on a developer's
 * machine, with a message saying how to get it; on CI (CI=true) its absence is a failure.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(
      `${CHROMIUM} is missing on CI: .ci/run must install it (apt-get install -y chromium)`,
    );
  console.warn(
    `Browser tests skipped: ${CHROMIUM} is missing. Install it with: sudo apt-get update && sudo apt-get install -y chromium`,
  );
  return false;
}

/** One headless chromium for a test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/**
 * axe-core's violations on the page as it is now, one line each (rule: elements), all rules
 * but the experimental ones. axe-core's source is put into the page and run there (`axe.run`):
 * the site has no frames, so the frame-by-frame run of `@axe-core/playwright`, which opens a
 * blank page to finish every analysis, bought nothing. The 28 pages of the axe test took 81 s
 * with it on this machine, 22 s so (details of passing rules are not collected either).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const { violations } = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}
