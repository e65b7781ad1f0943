import { type MailTemplate, html } from '@shopgraph/mail';

/** What the review request mail shows. */
export interface ReviewRequestMail {
  firstName: string;
  orderNumber: string;
  /** One link per product of the order still with the customer. */
  links: { label: string; url: string }[];
}

/**
 * The review request: the same neutral words for every customer whatever the order (no sentiment
 * gating, no incentive), a link per product.
 */
export const reviewRequestTemplate: MailTemplate<ReviewRequestMail> = ({ firstName, orderNumber, links }) => ({
  subject: `How are the items of order ${orderNumber}?`,
  text: [
    `Hello ${firstName},`,
    '',
    `Your order ${orderNumber} arrived a little while ago. If you would like to, tell other shoppers what you think of it:`,
    '',
    ...links.map((l) => `${l.label}: ${l.url}`),
    '',
    'You can turn these mails off in your account preferences.',
  ].join('\n'),
  html: html`<p>Hello ${firstName},</p>
    <p>Your order ${orderNumber} arrived a little while ago. If you would like to, tell other shoppers what you think of it:</p>
    <ul>
      ${links.map((l) => html`<li><a href="${l.url}">${l.label}</a></li>`)}
    </ul>
    <p>You can turn these mails off in your account preferences.</p>`,
});
