#!/usr/bin/env node
/**
 * `npm run test:browser [-- <jest args>]`: the storefront and IDE tests in a real browser.
 *
 * 1. Checks for Debian's chromium at /usr/bin/chromium (playwright-core drives it; `npx playwright
 *    install` cannot run here). When it is missing: as root with apt-get available (CI's `.ci/run`),
 *    installs it with `apt-get update && apt-get install -y chromium`; otherwise says how and exits 1.
 * 2. Builds what the tests serve: `tsc -b`, the typed documents (`npm run codegen`), a typecheck of
 *    the storefront, and `vite build` into storefront/dist.
 * 3. Runs Jest with jest.browser.config.js (storefront/test/*.browser.test.ts), passing arguments on.
 *
 * `npm test` never needs a browser: these files are outside its Jest run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);
// The project's Node 24 (the `node` devDependency), also when this script itself was started by an older `node`.
const node = existsSync(bin('node')) ? bin('node') : process.execPath;

/** Runs a command in the repository root with inherited output; exits with its status on failure. */
function step(label, command, args, env = {}) {
  console.log(`browser-test: ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`browser-test: ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const hasApt = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0 && hasApt()) {
    step('installing chromium (apt-get)', 'sh', ['-c', 'apt-get update && apt-get install -y chromium'], {
      DEBIAN_FRONTEND: 'noninteractive',
    });
  } else {
    console.error(
      `browser-test: ${CHROMIUM} is missing. Install Debian's chromium first:\n  sudo apt-get update && sudo apt-get install -y chromium`,
    );
    process.exit(1);
  }
}

step('building the workspace (tsc -b)', bin('tsc'), ['-b']);
step('generating typed documents (codegen)', 'npm', ['run', 'codegen']);
step('typechecking the storefront', bin('tsc'), ['-p', 'storefront/tsconfig.json']);
step('typechecking the storefront tests', bin('tsc'), ['-p', 'storefront/test/tsconfig.json']);
step('building the storefront (vite build)', bin('vite'), ['build', 'storefront']);
step(
  'running the browser tests',
  node,
  [resolve(root, 'node_modules/jest/bin/jest.js'), '-c', 'jest.browser.config.js', ...process.argv.slice(2)],
  {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
  },
);
