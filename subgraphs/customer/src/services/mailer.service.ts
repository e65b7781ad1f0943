import { type MailConfig, type Mailer, createMailer } from '@shopgraph/mail';
import type { SubgraphRuntime } from '@shopgraph/subgraph';

const open = new WeakMap<SubgraphRuntime, Mailer>();

/** Opens the mail channel of a running customer subgraph: SMTP when configured, else the mail folder. */
export function openMailer(runtime: SubgraphRuntime, config: MailConfig): Mailer {
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, dir: config.MAIL_DIR, from: config.MAIL_FROM, logger: runtime.logger });
  open.set(runtime, mailer);
  return mailer;
}

/** The mailer opened for `runtime` (by the subgraph definition's start-up). */
export function mailerOf(runtime: SubgraphRuntime): Mailer {
  const mailer = open.get(runtime);
  if (!mailer) throw new Error('The mailer is not open');
  return mailer;
}
