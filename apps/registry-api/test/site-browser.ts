import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

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
