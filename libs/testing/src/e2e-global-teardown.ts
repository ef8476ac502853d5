import type { RunningServices } from '../../embedded-services/src';

/** Stops the servers of the global setup; Jest runs this whether tests passed or failed. */
export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __insynServices?: RunningServices }).__insynServices;
  await services?.stop();
}
