import { z } from '@shopgraph/config';

/** Mail settings shared by every process that sends mail (merge into a process's own env schema). */
export const mailEnv = z.object({
  /** SMTP server, e.g. `smtps://user:pass@smtp.example.com:465`; unset (or empty) writes messages to MAIL_DIR instead. */
  SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^smtps?$/ }).optional()),
  /** Sender of every message. */
  MAIL_FROM: z.string().min(3).default('shopgraph <no-reply@shopgraph.dev>'),
  /** Folder that receives one .eml file per message when no SMTP server is configured. */
  MAIL_DIR: z.string().min(1).default('./.data/mail'),
});

/** Parsed mail settings. */
export type MailConfig = z.infer<typeof mailEnv>;
