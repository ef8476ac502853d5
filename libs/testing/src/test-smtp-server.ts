import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received it. */
export interface ReceivedMail {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string | false;
  contentLanguage?: string;
  contentType: string;
  raw: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port, for e2e tests of
 * e-mail. It keeps every delivery (`deliveries`), and the messages de-duplicated by Message-ID
 * (`messages`), as a receiving mail system does with a message delivered twice.
 */
export class TestSmtpServer {
  readonly deliveries: ReceivedMail[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              const to = parsed.to
                ? (Array.isArray(parsed.to) ? parsed.to : [parsed.to]).flatMap((a) =>
                    a.value.map((v) => v.address ?? ''),
                  )
                : [];
              this.deliveries.push({
                messageId: parsed.messageId ?? '',
                to,
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: parsed.html ?? false,
                contentLanguage: parsed.headers.get('content-language') as string | undefined,
                contentType: String(
                  (parsed.headers.get('content-type') as { value?: string } | undefined)?.value ??
                    '',
                ),
                raw,
              });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages by Message-ID, each once however often it was delivered. */
  get messages(): ReceivedMail[] {
    const seen = new Map<string, ReceivedMail>();
    for (const mail of this.deliveries)
      if (!seen.has(mail.messageId)) seen.set(mail.messageId, mail);
    return [...seen.values()];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
