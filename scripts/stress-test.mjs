#!/usr/bin/env node
/**
 * `npm run test:stress [-- <jest args, e.g. a path pattern>]`: the Jest suite on a busy machine.
 *
 * Starts STRESS_BURNERS (default 2) CPU-bound Node processes, then runs `npm run test:jest` (the
 * command `npm test` ends with) STRESS_RUNS times in a row (default 3), passing any arguments on to
 * Jest, so `npm run test:stress -- packages/events` stresses a subset. Every run is made whatever the
 * previous one gave; each run's outcome and duration are printed, with the load average. The burners
 * are killed at the end, also on a failure, an error or Ctrl-C/SIGTERM, and they end themselves if
 * this script dies without that. Ctrl-C/SIGTERM is passed on to the Jest run in progress (a second one
 * kills it) and no further run starts. Exits 0 only if every run passed (130 or 143 when stopped).
 *
 * A test that passes only on an idle machine waits for a clock instead of a signal: this is how to
 * find it before CI does.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';

const runs = positiveInteger('STRESS_RUNS', 3);
const burnerCount = positiveInteger('STRESS_BURNERS', 2);
const jestArgs = process.argv.slice(2);

function positiveInteger(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`stress: ${name} must be a whole number, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

// Spins, looking up now and then whether its parent still lives, so a killed script leaves no burner.
const burnerSource = `const parent = ${process.pid};
for (let i = 1; ; i++) if (i % 1e8 === 0) { try { process.kill(parent, 0); } catch { process.exit(0); } }`;
const burners = Array.from({ length: burnerCount }, () => spawn(process.execPath, ['-e', burnerSource], { stdio: 'ignore' }));

/** The Jest run in progress: its own process group (npm → sh → jest → workers), ended as a whole. */
let current;

function stopBurners() {
  for (const burner of burners) if (burner.exitCode === null && burner.signalCode === null) burner.kill('SIGKILL');
}

function stopCurrent(signal) {
  if (current && current.exitCode === null && current.signalCode === null) {
    try {
      process.kill(-current.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** The exit code a signal asked for; no run starts once it is set. */
let stopped;

process.on('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopBurners();
    if (stopped !== undefined) {
      console.error(`\nstress: ${signal} again, killing the run in progress`);
      stopCurrent('SIGKILL');
      process.exit(stopped);
    }
    stopped = signal === 'SIGINT' ? 130 : 143;
    console.error(`\nstress: ${signal}, stopping the run in progress (again to kill it)`);
    // Jest runs in a process group of its own (to be ended as a whole), so the terminal's Ctrl-C does not reach it.
    stopCurrent(signal);
  });
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

/** Runs `npm run test:jest` once; resolves with whether it passed and how long it took. */
function runJest() {
  const started = performance.now();
  return new Promise((resolve) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    current = spawn(npm, ['run', 'test:jest', '--', ...jestArgs], { stdio: 'inherit', detached: true });
    const done = (passed) => resolve({ passed, seconds: (performance.now() - started) / 1000 });
    current.on('error', (error) => {
      console.error(`stress: could not start jest: ${error.message}`);
      done(false);
    });
    current.on('exit', (code) => done(code === 0));
  });
}

async function main() {
  const subset = jestArgs.length ? ` (jest ${jestArgs.join(' ')})` : '';
  console.log(`stress: ${runs} runs of npm run test:jest${subset}, ${burnerCount} CPU-bound processes alongside; load average ${load()}`);
  const results = [];
  for (let run = 1; run <= runs; run++) {
    console.log(`\nstress: run ${run}/${runs} begins; load average ${load()}`);
    const result = await runJest();
    if (stopped !== undefined) {
      process.exitCode = stopped;
      return;
    }
    results.push(result);
    const outcome = result.passed ? 'passed' : 'FAILED';
    console.log(`stress: run ${run}/${runs} ${outcome} in ${result.seconds.toFixed(1)} s; load average ${load()}`);
  }
  stopBurners();
  console.log('\nstress: summary');
  results.forEach((result, i) => console.log(`  run ${i + 1}: ${result.passed ? 'passed' : 'FAILED'} in ${result.seconds.toFixed(1)} s`));
  const failed = results.filter((result) => !result.passed).length;
  console.log(failed ? `stress: ${failed} of ${runs} runs failed` : `stress: all ${runs} runs passed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error('stress:', error);
  stopBurners();
  process.exitCode = 1;
});
