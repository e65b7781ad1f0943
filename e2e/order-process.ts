import { type ChildProcess, spawn } from 'node:child_process';
import { type JsonWebKey, createPublicKey } from 'node:crypto';
import { resolve } from 'node:path';
import { freePort } from '@shopgraph/db';
import { waitFor } from '@shopgraph/saga';
import type { TestStack } from '@shopgraph/testing';

/** A second order subgraph running as its own process (built `subgraphs/order/dist`), beside a test stack. */
export interface OrderProcess {
  /** Its `/graphql` endpoint. */
  url: string;
  /** Settles when the process is gone, with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its last output lines, to explain a failure. */
  output(): string;
  /** Ends it (SIGKILL) if it still runs. */
  stop(): Promise<void>;
}

/** The public key the stack's customer subgraph signs with, as PEM (read from its JWKS, as the gateway does). */
export async function stackPublicKey(stack: TestStack): Promise<string> {
  const jwksUrl = stack.gatewayOptions.keys.url;
  const { keys } = (await (await fetch(jwksUrl)).json()) as { keys: JsonWebKey[] };
  return createPublicKey({ key: keys[0]!, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Spawns `node subgraphs/order/dist/index.js` on the stack's database, subgraphs and payment simulator
 * (no demo seeding: the stack's order subgraph did it), plus `env`; resolves once `/health/ready` answers.
 * A start refused by PostgreSQL's connection limit (other test files share the server) is tried again.
 */
export async function startOrderProcess(stack: TestStack, publicKey: string, env: Record<string, string>): Promise<OrderProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOrderProcess(stack, publicKey, env);
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('too many clients')) throw error;
    }
  }
}

async function spawnOrderProcess(stack: TestStack, publicKey: string, env: Record<string, string>): Promise<OrderProcess> {
  const port = await freePort();
  const urls = Object.fromEntries(
    Object.entries(stack.gatewayOptions.subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url]),
  );
  const child: ChildProcess = spawn(process.execPath, [resolve(process.cwd(), 'subgraphs/order/dist/index.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      DATABASE_URL: stack.gatewayOptions.databaseUrl,
      PORT: String(port),
      PAYSIM_URL: stack.config.PAYSIM_URL,
      PAYMENT_WEBHOOK_SECRET: stack.config.PAYMENT_WEBHOOK_SECRET,
      SERVICE_TOKEN: stack.config.SERVICE_TOKEN,
      JWT_PUBLIC_KEY: publicKey,
      JWT_ISSUER: stack.config.JWT_ISSUER,
      SEED_DEMO_DATA: 'false',
      ...urls,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const handle: OrderProcess = {
    url: `http://127.0.0.1:${port}/graphql`,
    exited,
    output: () => lines.join('\n'),
    async stop() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitFor(async () => {
      if (gone) throw new Error(`The order process exited while starting:\n${handle.output()}`);
      return fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
    }, 60_000);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}
