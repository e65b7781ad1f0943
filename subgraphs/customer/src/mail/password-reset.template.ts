import { type MailTemplate, html } from '@shopgraph/mail';

/** What the password reset mail shows. */
export interface PasswordResetMail {
  firstName: string;
  link: string;
  validMinutes: number;
}

/** The password reset mail: the single-use link, how long it works, and what to do if it was not asked for. */
export const passwordResetTemplate: MailTemplate<PasswordResetMail> = ({ firstName, link, validMinutes }) => ({
  subject: 'Reset your shopgraph password',
  text: [
    `Hello ${firstName},`,
    '',
    `Someone asked to reset the password of your shopgraph account. Open this link within ${validMinutes} minutes to choose a new one:`,
    '',
    link,
    '',
    'The link works once. If you did not ask for it, ignore this mail: your password stays as it is.',
  ].join('\n'),
  html: html`<p>Hello ${firstName},</p>
    <p>Someone asked to reset the password of your shopgraph account. Open this link within ${validMinutes} minutes to choose a new one:</p>
    <p><a href="${link}">Choose a new password</a></p>
    <p>The link works once. If you did not ask for it, ignore this mail: your password stays as it is.</p>`,
});
