import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

/** Node's own answers to a request it could not parse, each with a line saying why. */
const ANSWERS: Record<string, [status: string, text: string]> = {
  HPE_HEADER_OVERFLOW: [
    '431 Request Header Fields Too Large',
    'Request header fields too large: the address or a header is longer than this server reads.',
  ],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: ['413 Payload Too Large', 'Chunk extensions too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'The request took too long to arrive.'],
};
/** How long a refused connection may stay open for its answer to be read. */
const CLOSE_AFTER_MS = 5_000;
const BAD_REQUEST: [string, string] = ['400 Bad Request', 'Bad request: not a valid HTTP request.'];

/**
 * A request Node cannot parse (an address or headers over its 16 KB limit, broken HTTP) never
 * reaches the application: Node answers it with a status line and no body. This answers as Node
 * does, status for status, with a plain sentence saying what was wrong, so a reader who pasted
 * an overlong address sees why rather than a blank page. Logged at info: a refusal, not a fault.
 */
export function answerClientErrors(server: Server, log: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, duplex: Duplex) => {
    // Node hands the connection's socket (typed as a Duplex for other transports).
    const socket = duplex as Socket & { _httpMessage?: { headersSent?: boolean } };
    const code = error.code ?? '';
    // As Node does: answer unless a response on this connection has begun (its headers sent);
    // then, or when the peer is gone, only close.
    if (code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, text] = ANSWERS[code] ?? BAD_REQUEST;
    const body = `${text}\n`;
    log.info({ code }, 'request refused before parsing');
    // end(), not destroy(): the answer must reach a client still sending what was too long; a
    // client that then keeps the connection open is cut off soon after.
    socket.setTimeout(CLOSE_AFTER_MS, () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\n` +
        `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
