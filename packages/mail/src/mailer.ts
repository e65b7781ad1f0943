import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '@shopgraph/observability';
import type { MailTemplate } from './template.js';

/** How a mailer delivers. */
export interface MailerOptions {
  /** SMTP server URL; without one every message is written to `dir` as an .eml file. */
  smtpUrl?: string | undefined;
  /** Folder of the written messages (created on first use). */
  dir?: string;
  /** Sender address, e.g. `Shop <no-reply@example.com>`. */
  from: string;
  logger: Logger;
}

/** One message to send: its recipient, template and the template's data. */
export interface OutgoingMail<D> {
  to: string;
  template: MailTemplate<D>;
  data: D;
}

/** What became of a sent message. */
export interface SentMail {
  messageId: string;
  /** The written .eml file, when the mailer writes to a folder. */
  file?: string;
}

/** Sends templated mail by SMTP or into a local folder. */
export interface Mailer {
  /** Renders the template and delivers the message (text and HTML parts). */
  send<D>(mail: OutgoingMail<D>): Promise<SentMail>;
  /** Closes SMTP connections, if any. */
  close(): void;
}

/** Default folder of written messages, relative to the working directory. */
export const DEFAULT_MAIL_DIR = './.data/mail';

// A sortable, collision-free file name: the time first so `ls` lists messages in order.
const fileName = () => `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;

/**
 * A mailer: SMTP when `smtpUrl` is given, otherwise nodemailer builds the complete MIME message
 * and it is written to `dir`, one .eml file per message, with one log line naming the file.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { from, logger } = options;
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        const { subject, text, html } = mail.template(mail.data);
        const info = await transport.sendMail({ from, to: mail.to, subject, text, html: html.markup });
        logger.info({ to: mail.to, subject, messageId: info.messageId }, 'mail sent by SMTP');
        return { messageId: info.messageId };
      },
      close: () => transport.close(),
    };
  }
  const dir = resolve(options.dir ?? DEFAULT_MAIL_DIR);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const { subject, text, html } = mail.template(mail.data);
      const info = await transport.sendMail({ from, to: mail.to, subject, text, html: html.markup });
      await mkdir(dir, { recursive: true });
      const file = join(dir, fileName());
      await writeFile(file, info.message as Buffer);
      logger.info({ to: mail.to, subject, file }, 'mail written');
      return { messageId: info.messageId, file };
    },
    close: () => transport.close(),
  };
}
