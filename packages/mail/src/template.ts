import type { SafeHtml } from './html.js';

/** A message rendered for one recipient: a subject and the same content as plain text and as HTML. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: SafeHtml;
}

/** A mail template: a pure function of its data, so it is unit-tested without a mailer. */
export type MailTemplate<D> = (data: D) => RenderedMail;
