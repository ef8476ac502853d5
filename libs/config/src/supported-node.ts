/**
 * The Node.js versions Insyn supports: package.json's `engines`, which a test keeps equal to this
 * and within what every installed package declares (so `npm ci` never warns on one of them).
 */
export const SUPPORTED_NODE_RANGE = '^22.22.3 || ^24.15.0';

/**
 * A warning for a Node.js version outside SUPPORTED_NODE_RANGE, or undefined. Such a version may
 * well run (Node 20 does), which is why it must be said: its failures are ones no test has seen.
 */
export function unsupportedNodeWarning(
  version: string = process.versions.node,
): string | undefined {
  const [major, minor, patch] = version.split('.').map(Number);
  const from = (m: number, p: number) => minor > m || (minor === m && patch >= p);
  if ((major === 22 && from(22, 3)) || (major === 24 && from(15, 0))) return undefined;
  return `Node.js ${version} is not a version Insyn supports (22.22.3 or a later 22, or 24.15 or a later 24; README "Requirements"): it may fail in ways no test has seen`;
}
