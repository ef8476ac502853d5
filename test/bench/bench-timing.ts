import { Agent, request } from 'node:http';

/** Percentiles of a set of durations (ms), rounded to 0.01 ms. */
export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  if (!sorted.length) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1)!),
  };
}

export const round = (value: number, places = 2): number => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A reused keep-alive socket that the server had closed (the reset is its `cause`). */
class StaleSocketError extends Error {}

/**
 * One keep-alive HTTP client (node:http), the same for the API and for Meilisearch, so that the
 * client's own cost is equal on both sides of every comparison.
 */
export class KeepAliveClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32 });

  /**
   * Once more on a fresh socket when a reused keep-alive socket was reset as the request went
   * out: the server had closed it for idleness, the request never reached it (Node's documented
   * pattern, `request.reusedSocket`).
   */
  async send(
    url: string,
    options: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<HttpAnswer> {
    try {
      return await this.sendOnce(url, options);
    } catch (error) {
      if (!(error instanceof StaleSocketError)) throw error;
      return this.sendOnce(url, options);
    }
  }

  private sendOnce(
    url: string,
    options: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          agent: this.agent,
          method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
          headers: {
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...options.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          req.reusedSocket && error.code === 'ECONNRESET'
            ? new StaleSocketError(error.message, { cause: error })
            : error,
        ),
      );
      req.end(options.body);
    });
  }

  /** POSTs JSON and returns the parsed answer; throws on a non-2xx status or GraphQL errors. */
  async json<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const answer = await this.send(url, { body: JSON.stringify(body), headers });
    if (answer.status < 200 || answer.status >= 300)
      throw new Error(`${url} answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    const parsed = JSON.parse(answer.body) as T & { errors?: unknown };
    if (parsed.errors) throw new Error(`${url}: ${JSON.stringify(parsed.errors).slice(0, 500)}`);
    return parsed;
  }

  destroy(): void {
    this.agent.destroy();
  }
}

/**
 * Open-loop load at a fixed rate: request i starts at start + i/rate whether or not earlier
 * ones have answered (no coordinated omission). Latency is measured from each request's start.
 */
export async function atFixedRate(
  rate: number,
  durationMs: number,
  work: (i: number) => Promise<void>,
): Promise<number[]> {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const samples: number[] = [];
  const inFlight: Promise<void>[] = [];
  // Caught as it happens (a rejection left unhandled while the loop sleeps would end the
  // process), and thrown once the requests already sent have settled.
  let failure: { error: unknown } | undefined;
  const started = performance.now();
  for (let i = 0; i < total && !failure; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const t0 = performance.now();
    inFlight.push(
      work(i).then(
        () => void samples.push(performance.now() - t0),
        (error: unknown) => void (failure ??= { error }),
      ),
    );
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return samples;
}

/** Runs `work` sequentially `rounds` times (after a short warm-up) and returns the durations. */
export async function sequentially(rounds: number, work: (i: number) => Promise<void>) {
  for (let i = 0; i < Math.min(10, rounds); i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await work(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * Like `sequentially`, for several works measured against each other: each round runs every work
 * once, starting with a different one each round. On a shared machine the speed drifts over
 * seconds; taken in turns, a figure and its baseline see the same machine, so their ratio holds
 * still where two runs one after the other would each catch a different moment.
 */
export async function interleaved<K extends string>(
  rounds: number,
  works: Record<K, () => Promise<void>>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(works) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (let i = 0; i < Math.min(10, rounds); i++) for (const name of names) await works[name]();
  for (let i = 0; i < rounds; i++)
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      const t0 = performance.now();
      await works[name]();
      samples[name].push(performance.now() - t0);
    }
  return samples;
}

/** Polls `check` until it holds, or fails after `timeoutMs`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Progress on standard error, so that standard output stays for the results. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
