import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { MailMessage } from './mail-message';

/** Sends one message; throws when the server did not accept it. */
export interface MailSender {
  send(message: MailMessage, messageId: string): Promise<void>;
  /** Where messages go, for the start-up log (never a password). */
  readonly destination: string;
  close(): void;
}

export interface MailSenderSettings {
  /** smtp:// or smtps:// URL; when absent, messages are written as .eml files into `directory`. */
  smtpUrl?: string;
  directory: string;
  from: string;
}

/**
 * nodemailer over SMTP, or, in the embedded default, nodemailer's stream transport writing each
 * message as `<message id>.eml` (written to a temporary file, then renamed: a file is whole or
 * absent, and a message sent twice is the same file).
 */
export function createMailSender(settings: MailSenderSettings): MailSender {
  return settings.smtpUrl
    ? new SmtpSender(settings.smtpUrl, settings.from)
    : new EmlFileSender(resolve(settings.directory), settings.from);
}

function envelope(from: string, message: MailMessage, messageId: string) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    messageId: `<${messageId}>`,
    headers: { 'Content-Language': message.language, 'Auto-Submitted': 'auto-generated' },
  };
}

class SmtpSender implements MailSender {
  private readonly transport: Transporter;
  readonly destination: string;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
    const parsed = new URL(url);
    this.destination = `${parsed.protocol}//${parsed.hostname}:${parsed.port || 'default'}`;
  }

  async send(message: MailMessage, messageId: string): Promise<void> {
    await this.transport.sendMail(envelope(this.from, message, messageId));
  }

  close(): void {
    this.transport.close();
  }
}

class EmlFileSender implements MailSender {
  private readonly transport: Transporter;

  constructor(
    readonly destination: string,
    private readonly from: string,
  ) {
    this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: MailMessage, messageId: string): Promise<void> {
    const info = (await this.transport.sendMail(envelope(this.from, message, messageId))) as {
      message: Buffer;
    };
    mkdirSync(this.destination, { recursive: true, mode: 0o700 });
    const name = `${messageId.replace(/[^A-Za-z0-9.@-]/g, '_')}.eml`;
    const draft = join(this.destination, `.${name}.${process.pid}.tmp`);
    try {
      writeFileSync(draft, info.message, { mode: 0o600 });
      renameSync(draft, join(this.destination, name));
    } finally {
      rmSync(draft, { force: true });
    }
  }

  close(): void {
    this.transport.close();
  }
}
