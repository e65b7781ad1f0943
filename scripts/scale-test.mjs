#!/usr/bin/env node
/**
 * `npm run test:scale [-- <jest args>]`: the tests that need NATS (with JetStream) and Redis, several
 * instances of a process, or both (`*.scale.test.ts`, ARCHITECTURE.md decisions 1, 7 and 8).
 *
 * 1. Checks that NATS_URL (default nats://127.0.0.1:4222) answers as a NATS server with JetStream on
 *    and that REDIS_URL (default redis://127.0.0.1:6379) answers PING. When one does not, says what to
 *    install and how to start it, and exits 1.
 * 2. Builds the workspace (`tsc -b`).
 * 3. Runs Jest with jest.scale.config.js, passing arguments on, with NATS_URL and REDIS_URL set.
 *
 * `npm test` never needs NATS or Redis: these files are outside its Jest run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);
// The project's Node 24 (the `node` devDependency), also when this script itself was started by an older `node`.
const node = existsSync(bin('node')) ? bin('node') : process.execPath;

/**
 * Opens a TCP connection to `url`, optionally writes `greeting`, and resolves with what the server
 * sent first (up to a line), or rejects when nothing answers within 3 s.
 */
function firstLine(url, defaultPort, greeting) {
  const { hostname, port } = new URL(url);
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port) || defaultPort });
    let received = '';
    const done = (error, line) => {
      socket.destroy();
      if (error) reject(error);
      else resolvePromise(line);
    };
    socket.setTimeout(3000, () => done(new Error('no answer within 3 s')));
    socket.on('error', (error) => done(error));
    socket.on('connect', () => greeting && socket.write(greeting));
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\r\n');
      if (end !== -1) done(undefined, received.slice(0, end));
    });
  });
}

/** What is wrong with NATS at NATS_URL, or undefined when it is a server with JetStream on. */
async function natsProblem() {
  try {
    const line = await firstLine(NATS_URL, 4222);
    if (!line.startsWith('INFO ')) return `${NATS_URL} answered, but not as a NATS server`;
    const info = JSON.parse(line.slice(5));
    if (!info.jetstream) return `the NATS server at ${NATS_URL} (${info.version}) runs without JetStream (start it with -js)`;
    return undefined;
  } catch (error) {
    return `no NATS server at ${NATS_URL} (${error.message})`;
  }
}

/** What is wrong with Redis at REDIS_URL, or undefined when it answers PING. */
async function redisProblem() {
  try {
    const line = await firstLine(REDIS_URL, 6379, 'PING\r\n');
    // +PONG, or -NOAUTH when a password is set (the tests pass REDIS_URL on with its credentials).
    if (line === '+PONG' || line.startsWith('-NOAUTH')) return undefined;
    return `${REDIS_URL} answered "${line.slice(0, 60)}" to PING, not as Redis`;
  } catch (error) {
    return `no Redis at ${REDIS_URL} (${error.message})`;
  }
}

const problems = (await Promise.all([natsProblem(), redisProblem()])).filter(Boolean);
if (problems.length > 0) {
  for (const problem of problems) console.error(`scale-test: ${problem}`);
  console.error(`
The scale tests need NATS with JetStream (2.9 or later) and Redis. On Debian or Ubuntu:

  sudo apt-get update && sudo apt-get install -y nats-server redis-server

then start them, if the packages did not already:

  sudo mkdir -p /var/lib/nats-server
  sudo nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server &   # JetStream on (-js)
  sudo service redis-server start                                         # or: redis-server --bind 127.0.0.1 --port 6379 --daemonize yes

Elsewhere, point NATS_URL (default nats://127.0.0.1:4222) and REDIS_URL (default redis://127.0.0.1:6379)
at servers you run, e.g. \`docker compose up -d nats redis\`.`);
  process.exit(1);
}

/** Runs a command in the repository root with inherited output; exits with its status on failure. */
function step(label, command, args, env = {}) {
  console.log(`scale-test: ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`scale-test: ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

step('building the workspace (tsc -b)', bin('tsc'), ['-b']);
step(
  'running the scale tests',
  node,
  [resolve(root, 'node_modules/jest/bin/jest.js'), '-c', 'jest.scale.config.js', ...process.argv.slice(2)],
  {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
    NATS_URL,
    REDIS_URL,
  },
);
