import { connect } from 'node:net';
import { LogCapture } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

/** The timeout this test gives the API, in place of HTTP_REQUEST_TIMEOUT_MS (90 s). */
const TIMEOUT_MS = 1_000;

/**
 * Sends `request` on a new connection and resolves with all the server answers and the time it
 * took to close, or what it had answered when `deadlineMs` passed.
 */
function exchange(port: number, request: string, deadlineMs: number) {
  return new Promise<{ answer: string; ms: number; closed: boolean }>((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1');
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ answer, ms: Date.now() - started, closed });
    };
    const timer = setTimeout(() => done(false), deadlineMs);
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.once('close', () => done(true));
    socket.once('error', reject);
    socket.write(request);
  });
}

/**
 * A client that announces a body and never sends all of it (slowloris) holds a connection until
 * the request timeout, then gets 408 with a sentence: not Node's 5 minutes of silence.
 */
describe('request timeout', () => {
  let api: RegistryApiHarness;
  const logs = new LogCapture();

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'request-timeout',
      { LOG_LEVEL: 'info' },
      { requestTimeoutMs: TIMEOUT_MS, logStream: logs },
    );
  });

  afterAll(async () => {
    await api?.stop();
  });

  it.each([
    [
      'a form shorter than its Content-Length',
      'POST /sv/concerns/track HTTP/1.1\r\nHost: insyn.test\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncode=abc',
    ],
    [
      'a chunk that never ends',
      'POST /graphql HTTP/1.1\r\nHost: insyn.test\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n40\r\n{"query":',
    ],
    ['headers that never end', 'GET /sv/ HTTP/1.1\r\nHost: insyn.test\r\nAccept: text/h'],
  ])(
    '%s: 408 with a sentence once the time is up, and the server serves on',
    async (_what, request) => {
      logs.lines.length = 0;
      const { port } = new URL(api.baseUrl);
      const { answer, ms, closed } = await exchange(Number(port), request, 20_000);
      expect(closed).toBe(true);
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(answer).toContain('The request took too long to arrive.');
      // Not before the timeout; Node looks for late requests every quarter of it here.
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
      // A refusal, logged at info, not an error an operator must look at.
      expect(logs.text).toContain('ERR_HTTP_REQUEST_TIMEOUT');
      expect(logs.text).not.toMatch(/"level":(50|60)/);
    },
  );
});
