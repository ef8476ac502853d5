import type { Server } from 'node:http';
import { connect, Socket } from 'node:net';
import {
  HTTP_HEADERS_TIMEOUT_MS,
  HTTP_KEEP_ALIVE_TIMEOUT_MS,
  HTTP_REQUEST_TIMEOUT_MS,
} from '../src/bootstrap';
import { RegistryApiHarness } from './registry-api.harness';

/** Sends one GET on the socket and resolves with the head of the answer once it is complete. */
function get(socket: Socket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = received.slice(0, end);
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (received.length - end - 4 < length) return;
      socket.off('data', onData).off('error', reject).off('close', onClose);
      resolve(head);
    };
    const onClose = () => reject(new Error(`the server closed the connection (${received})`));
    socket.on('data', onData).once('error', reject).once('close', onClose);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: insyn.test\r\n\r\n`);
  });
}

/**
 * Behind a reverse proxy (Caddy's idle connections live 2 min, a cloud load balancer's 60 s) the
 * API must not be the side that closes an idle keep-alive connection: a proxy that sends the
 * next request down a connection the API closed at that moment gets ECONNRESET, and answers a
 * POST (every GraphQL request) with 502. Node's default closes one after 5 s.
 */
describe('HTTP keep-alive', () => {
  let api: RegistryApiHarness;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('keep-alive');
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('keeps an idle connection open longer than a proxy does, and says how long', async () => {
    const server = api.app.getHttpServer() as Server;
    expect(server.keepAliveTimeout).toBe(HTTP_KEEP_ALIVE_TIMEOUT_MS);
    expect(HTTP_KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBe(HTTP_HEADERS_TIMEOUT_MS);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    expect(server.requestTimeout).toBeGreaterThanOrEqual(server.headersTimeout);
    // Not Node's 5 minutes: see request-timeout.e2e-spec.ts.
    expect(server.requestTimeout).toBe(HTTP_REQUEST_TIMEOUT_MS);

    const { port } = new URL(api.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    try {
      await new Promise<void>((resolve, reject) =>
        socket.once('connect', resolve).once('error', reject),
      );
      const first = await get(socket, '/health');
      expect(first).toMatch(/^HTTP\/1\.1 200/);
      expect(first).toMatch(
        new RegExp(`\\r\\nKeep-Alive: timeout=${HTTP_KEEP_ALIVE_TIMEOUT_MS / 1000}`, 'i'),
      );
      // Longer than Node's default keep-alive timeout (5 s, and the 1 s keepAliveTimeoutBuffer it
      // adds): the idle time itself is under test.
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(socket.readyState).toBe('open');
      expect(await get(socket, '/health')).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
    }
  });
});
