import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@shopgraph/config';
import { gatewayEnv } from '@shopgraph/gateway';

/** Runs a built process entry point with `env` only and waits for it to exit. */
function runProcess(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(process.cwd(), entry)], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stderr }));
  });
}

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(gatewayEnv, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.split(':')[0]!);
    throw error;
  }
};

/** Issue 16: a production start refuses the public development secrets and missing keys. */
describe('gateway production settings', () => {
  it('needs a public key only when it verifies against a static key rather than the key set', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).sort()).toEqual(['PAYMENT_WEBHOOK_SECRET', 'SERVICE_TOKEN']);
    expect(problemsOf({ NODE_ENV: 'production', JWT_KEY_SOURCE: 'static' }).sort()).toEqual([
      'JWT_PUBLIC_KEY',
      'PAYMENT_WEBHOOK_SECRET',
      'SERVICE_TOKEN',
    ]);
    expect(
      problemsOf({
        NODE_ENV: 'production',
        SERVICE_TOKEN: 'a-production-service-token',
        PAYMENT_WEBHOOK_SECRET: 'a-production-webhook-secret',
      }),
    ).toEqual([]);
    expect(problemsOf({ JWT_KEY_SOURCE: 'static' })).toEqual([]);
  });

  it.each([
    ['gateway', 'gateway/dist/index.js', { JWT_KEY_SOURCE: 'static' }, ['JWT_PUBLIC_KEY', 'PAYMENT_WEBHOOK_SECRET', 'SERVICE_TOKEN']],
    [
      'customer subgraph',
      'subgraphs/customer/dist/index.js',
      {},
      ['JWT_PRIVATE_KEY', 'PAYMENT_WEBHOOK_SECRET', 'SEED_DEMO_DATA', 'SERVICE_TOKEN'],
    ],
  ])(
    'a production %s exits at start listing every problem',
    async (_name, entry, extra, expected) => {
      const { code, stderr } = await runProcess(entry, { NODE_ENV: 'production', SERVICE_TOKEN: 'dev-service-token-change-me', ...extra });
      expect(code).toBe(1);
      const listed = stderr
        .split('\n')
        .filter((line) => line.startsWith('  - '))
        .map((line) => line.slice(4).split(':')[0]);
      expect(listed.sort()).toEqual(expected);
    },
    60_000,
  );
});
