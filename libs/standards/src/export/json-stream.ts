/** Where an export writes: resolves once the chunk is accepted (honouring backpressure). */
export type ExportSink = (chunk: string) => Promise<void>;

/**
 * Writes `{ ...head, [key]: [items…], ...tail() }` as the items come, page by page: only one page
 * is in memory at a time. `tail` is asked for after the last item (for what was gathered
 * meanwhile: it is written at once, so it must stay bounded, as SkippedRecords is).
 */
export async function writeJsonDocument(
  sink: ExportSink,
  head: Record<string, unknown>,
  key: string,
  pages: AsyncIterable<readonly unknown[]>,
  tail: () => Record<string, unknown> = () => ({}),
): Promise<void> {
  const opening = JSON.stringify(head, null, 0).slice(0, -1);
  await sink(`${opening}${opening.length > 1 ? ',' : ''}${JSON.stringify(key)}:[`);
  let first = true;
  for await (const page of pages) {
    if (!page.length) continue;
    const body = page.map((item) => JSON.stringify(item)).join(',\n');
    await sink(`${first ? '\n' : ',\n'}${body}`);
    first = false;
  }
  const rest = Object.entries(tail())
    .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join('');
  await sink(`\n]${rest}}\n`);
}
