import { connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL, in the tests of its outages) that a test can cut
 * (the server goes down: new connections refused, open ones dropped) and listen again on the same
 * port, or stall (bytes stop flowing both ways, nothing closes: a stopped process, a network
 * dropping packets) and resume.
 */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private server?: Server;
  private stalled = false;
  /** The port it listens on: a free one at first, the same one after a cut. */
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** In front of the server a `postgres://` URL names: listening, and the URL through it. */
  static async before(url: string): Promise<{ proxy: TcpProxy; url: string }> {
    const direct = new URL(url);
    const proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port) });
    await proxy.listen();
    direct.hostname = '127.0.0.1';
    direct.port = String(proxy.port);
    return { proxy, url: direct.toString() };
  }

  async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      for (const socket of pair) {
        socket.on('close', () => this.pairs.delete(pair));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      if (this.stalled) for (const socket of pair) socket.pause();
      else flow(pair);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and drops the open ones, as a stopped server does (also: closes). */
  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const pair of this.pairs) for (const socket of pair) socket.destroy();
    await closed;
  }

  /** Nothing answers and nothing closes, on open connections and new ones alike. */
  stall(): void {
    this.stalled = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  resume(): void {
    this.stalled = false;
    for (const pair of this.pairs) flow(pair);
  }
}

/** Bytes both ways between the two sockets (pipe resumes a paused one). */
function flow([client, upstream]: [Socket, Socket]): void {
  client.pipe(upstream);
  upstream.pipe(client);
}
