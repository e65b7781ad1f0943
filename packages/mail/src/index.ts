export { mailEnv, type MailConfig } from './config.js';
export { SafeHtml, escapeHtml, html, type HtmlValue } from './html.js';
export { readMailFolder, parseMail, type StoredMail } from './mail-folder.js';
export { DEFAULT_MAIL_DIR, createMailer, type Mailer, type MailerOptions, type OutgoingMail, type SentMail } from './mailer.js';
export type { MailTemplate, RenderedMail } from './template.js';
