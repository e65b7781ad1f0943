/**
 * `npm run schema` writes each subgraph's SDL and the composed supergraph under `schema/`;
 * `npm run schema:check` fails on composition errors, stale files, unacknowledged breaking
 * changes against the base branch, and invalid frontend operations.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SUBGRAPH_NAMES } from '@shopgraph/config';
import { printSchema } from 'graphql';
import { type SubgraphSdl, apiSchemaOf, checkSchema, compose, routingUrl } from './schema-check.js';
import { DEFINITIONS } from './definitions.js';

const SCHEMA_DIR = 'schema';

async function currentSdls(): Promise<SubgraphSdl[]> {
  const result: SubgraphSdl[] = [];
  for (const name of SUBGRAPH_NAMES) {
    const built = await DEFINITIONS[name].schema();
    result.push({ name, url: routingUrl(name), sdl: `${built.sdl.trim()}\n` });
  }
  return result;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** The supergraph committed on the base branch: `SCHEMA_BASE_REF`, else the merge base with origin/main, else HEAD. */
function baseSupergraph(): string | undefined {
  const ref = process.env.SCHEMA_BASE_REF ?? git(['merge-base', 'HEAD', 'origin/main'])?.trim() ?? 'HEAD';
  return git(['show', `${ref}:${SCHEMA_DIR}/supergraph.graphql`]);
}

async function operationFiles(dir: string): Promise<{ file: string; source: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: { file: string; source: string }[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await operationFiles(path)));
    else if (entry.name.endsWith('.graphql')) files.push({ file: path, source: await readFile(path, 'utf8') });
  }
  return files;
}

async function write(): Promise<void> {
  const sdls = await currentSdls();
  await mkdir(join(SCHEMA_DIR, 'subgraphs'), { recursive: true });
  for (const s of sdls) await writeFile(join(SCHEMA_DIR, 'subgraphs', `${s.name}.graphql`), s.sdl);
  const composed = compose(sdls);
  if ('errors' in composed) {
    console.error(`Composition failed:\n${composed.errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(1);
  }
  await writeFile(join(SCHEMA_DIR, 'supergraph.graphql'), composed.supergraphSdl);
  await writeFile(join(SCHEMA_DIR, 'api.graphql'), `${printSchema(apiSchemaOf(composed.supergraphSdl))}\n`);
  console.log(`wrote ${sdls.length} subgraph SDLs, schema/supergraph.graphql and schema/api.graphql`);
}

async function check(): Promise<void> {
  const committed = {
    subgraphs: Object.fromEntries(
      await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await readOptional(join(SCHEMA_DIR, 'subgraphs', `${n}.graphql`))] as const)),
    ),
    supergraph: await readOptional(join(SCHEMA_DIR, 'supergraph.graphql')),
    api: await readOptional(join(SCHEMA_DIR, 'api.graphql')),
  };
  const acknowledged = ((await readOptional(join(SCHEMA_DIR, 'breaking-changes.txt'))) ?? '').split('\n');
  const problems = await checkSchema({
    current: await currentSdls(),
    committed,
    baseSupergraph: baseSupergraph(),
    acknowledged,
    operations: await operationFiles(join(SCHEMA_DIR, 'operations')),
  });
  if (problems.length) {
    console.error(`Schema check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('schema check passed: composition, committed SDLs, breaking changes and operations');
}

const command = process.argv[2];
if (command === 'write') await write();
else if (command === 'check') await check();
else {
  console.error('usage: schema.js write|check');
  process.exit(2);
}
