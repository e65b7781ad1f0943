import { type MailTemplate, html } from '@shopgraph/mail';

/** What the staff invitation mail shows. */
export interface StaffInvitationMail {
  name: string;
  role: string;
  link: string;
  validHours: number;
}

/** The staff invitation mail: the single-use link to choose a password, its role, how long it works. */
export const staffInvitationTemplate: MailTemplate<StaffInvitationMail> = ({ name, role, link, validHours }) => ({
  subject: 'You are invited to run a shopgraph shop',
  text: [
    `Hello ${name},`,
    '',
    `You are invited to the shop's back office as ${role}. Open this link within ${validHours} hours to choose your password:`,
    '',
    link,
    '',
    'The link works once. If you did not expect it, ignore this mail.',
  ].join('\n'),
  html: html`<p>Hello ${name},</p>
    <p>You are invited to the shop's back office as ${role}. Open this link within ${validHours} hours to choose your password:</p>
    <p><a href="${link}">Choose your password</a></p>
    <p>The link works once. If you did not expect it, ignore this mail.</p>`,
});
