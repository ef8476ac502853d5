import { resolve } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { MailFolder } from './mail-folder';
import { MailMessage } from './mail-message';

/** Sends one message; throws when the server did not accept it. */
export interface MailSender {
  /** `reference`: what the message is about (the outbox row's, e.g. `concern:<id>`). */
  send(message: MailMessage, messageId: string, reference: string): Promise<void>;
  /** Where messages go, for the start-up log (never a password). */
  readonly destination: string;
  /** The folder that keeps the messages sent (the `.eml` default); none over SMTP. */
  readonly folder?: MailFolder;
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
 * message as `<reference>+<message id>.eml` into a `MailFolder` (a file is whole or absent, a
 * message sent twice is the same file, and the messages of an erased contact can be found).
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
  readonly folder: MailFolder;

  constructor(
    readonly destination: string,
    private readonly from: string,
  ) {
    this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    this.folder = new MailFolder(destination);
  }

  async send(message: MailMessage, messageId: string, reference: string): Promise<void> {
    const info = (await this.transport.sendMail(envelope(this.from, message, messageId))) as {
      message: Buffer;
    };
    this.folder.write(reference, messageId, info.message);
  }

  close(): void {
    this.transport.close();
  }
}
