/**
 * `npm run sagas -- stuck` lists checkout confirmations that need attention or have not finished
 * after 5 minutes; `npm run sagas -- retry <run id>` retries one once its fault is fixed;
 * `npm run sagas -- resolve <run id> "<what was done>"` marks one settled by hand (the note is kept).
 * It calls the running order subgraph's admin fields (ORDER_URL) with a one-minute staff token
 * signed by this machine's keys (JWT_PRIVATE_KEY, or the development keys under .data/keys).
 */
import { randomUUID } from 'node:crypto';
import { TokenSigner } from '@shopgraph/auth';
import { commonEnv, loadConfigOrExit } from '@shopgraph/config';
import { resolveSigningKeys } from '@shopgraph/subgraph';

const RUN = 'id checkoutSessionId orderId status stepId phase attempts lastError note';
const [command, id, ...rest] = process.argv.slice(2);
const queries: Record<string, { query: string; variables: Record<string, unknown>; ok: boolean }> = {
  stuck: { query: `{ stuckCheckoutSagas { ${RUN} } }`, variables: {}, ok: !id },
  retry: {
    query: `mutation ($id: ID!) { retryCheckoutSaga(id: $id) { run { ${RUN} } userErrors { code message } } }`,
    variables: { id },
    ok: !!id,
  },
  resolve: {
    query: `mutation ($id: ID!, $note: String!) { resolveCheckoutSaga(id: $id, note: $note) { run { ${RUN} } userErrors { code message } } }`,
    variables: { id, note: rest.join(' ') },
    ok: !!id && rest.length > 0,
  },
};
const chosen = command ? queries[command] : undefined;
if (!chosen?.ok) {
  console.error('usage: npm run sagas -- stuck | retry <run id> | resolve <run id> "<what was done>"');
  process.exit(2);
}
const config = loadConfigOrExit(commonEnv);
const keys = await resolveSigningKeys(config);
if (!keys.privateKey) {
  console.error('signing a staff token needs JWT_PRIVATE_KEY (or the development keys under .data/keys)');
  process.exit(2);
}
const { token } = await new TokenSigner(keys.privateKey, config.JWT_ISSUER).sign(
  `cli-${randomUUID()}`,
  { role: 'staff', staffRole: 'OWNER' },
  60,
);
const response = await fetch(config.ORDER_URL, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ query: chosen.query, variables: chosen.variables }),
}).catch((error: unknown) => {
  console.error(`the order subgraph at ${config.ORDER_URL} did not answer (${(error as Error).message}): is shopgraph running?`);
  process.exit(1);
});
const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
if (body.errors?.length) {
  console.error(body.errors.map((e) => e.message).join('\n'));
  process.exit(1);
}
const result = Object.values(body.data ?? {})[0];
console.log(JSON.stringify(result, null, 2));
const failed = (result as { userErrors?: unknown[] } | undefined)?.userErrors?.length;
process.exit(failed ? 1 : 0);
