import { AddressInfo, createServer, Socket } from 'node:net';

/** A server that accepts connections and never answers: a hung Meilisearch, say. */
export interface HungServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** How many connections it holds open. */
  readonly connections: number;
  /** Cuts the connections it holds (their requests then fail). */
  dropConnections(): void;
  /** Drops the connections it holds and stops listening. */
  close(): Promise<void>;
}

export async function startHungServer(): Promise<HungServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return sockets.size;
    },
    dropConnections,
    close: async () => {
      dropConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
