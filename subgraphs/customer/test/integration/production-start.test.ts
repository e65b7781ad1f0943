import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEMO_OWNER } from '@shopgraph/demo-data';

/** Runs the built customer subgraph with `env` only and waits for it to exit; the problems it listed. */
function problemsAtStart(env: Record<string, string>): Promise<{ code: number | null; problems: string[] }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(process.cwd(), 'subgraphs/customer/dist/index.js')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) =>
      done({
        code,
        problems: stderr
          .split('\n')
          .filter((line) => line.startsWith('  - '))
          .map((line) => line.slice(4)),
      }),
    );
  });
}

/** Issue 16: a production start with a weak owner password or demo data stops, listing every problem at once. */
describe('customer subgraph production start', () => {
  it('lists the staff problems together with the common ones', async () => {
    const { code, problems } = await problemsAtStart({
      NODE_ENV: 'production',
      STAFF_OWNER_EMAIL: 'boss@shop.example',
      STAFF_OWNER_PASSWORD: DEMO_OWNER.password,
    });
    expect(code).toBe(1);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'JWT_PRIVATE_KEY',
      'PAYMENT_WEBHOOK_SECRET',
      'SEED_DEMO_DATA',
      'SERVICE_TOKEN',
      'STAFF_OWNER_PASSWORD',
    ]);
    expect(problems).toContain('STAFF_OWNER_PASSWORD: must not be the demo password in production (it is public)');

    const short = await problemsAtStart({
      NODE_ENV: 'production',
      STAFF_OWNER_EMAIL: 'boss@shop.example',
      STAFF_OWNER_PASSWORD: 'chief-pw-42',
    });
    expect(short.problems).toContain('STAFF_OWNER_PASSWORD: must have at least 12 characters in production');
  }, 60_000);
});
