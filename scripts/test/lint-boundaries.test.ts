import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { SUBGRAPH_NAMES } from '@shopgraph/config';
import { ESLint, type Linter } from 'eslint';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'scripts', 'lint-fixtures');

// The repository's own config, loaded from its file: the fixtures prove the rules `npm run lint` applies.
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'eslint.config.js') });

/**
 * Lints `text` as if it lived at `path` (relative to the repository root), so the per-directory `files`
 * globs of eslint.config.js apply to it; the file itself need not exist there.
 */
async function lintAs(path: string, text: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, path) });
  if (!result) throw new Error(`ESLint returned no result for ${path}`);
  return result.messages;
}

const boundaryLines = (messages: Linter.LintMessage[]) =>
  messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2).map((m) => m.line);

/** Lines holding an import or re-export statement (each fixture statement sits on one line). */
const importLines = (text: string) => text.split('\n').flatMap((line, i) => (/^(import|export .* from )/.test(line) ? [i + 1] : []));

function fixtures(): { mirrors: string; text: string; forbidden: boolean }[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => ({
      mirrors: relative(FIXTURES, join(FIXTURES, file)).split(sep).join('/'),
      text: readFileSync(join(FIXTURES, file), 'utf8'),
      forbidden: file.split(sep).at(-1)!.startsWith('forbidden'),
    }));
}

describe('layer boundaries (eslint.config.js)', () => {
  const all = fixtures();

  it('has forbidden and allowed fixtures for domain/, steps/, services/ and packages/', () => {
    const layers = (forbidden: boolean) => all.filter((f) => f.forbidden === forbidden).map((f) => dirname(f.mirrors));
    const expected = ['packages/demo/src', 'subgraphs/demo/src/domain', 'subgraphs/demo/src/services', 'subgraphs/demo/src/steps'];
    expect(layers(true)).toEqual(expected);
    expect(layers(false)).toEqual(expected);
  });

  it.each(all.filter((f) => f.forbidden).map((f) => [f.mirrors, f.text]))(
    'reports every import of %s as no-restricted-imports',
    async (path, text) => {
      const lines = importLines(text);
      expect(lines.length).toBeGreaterThan(0);
      expect(boundaryLines(await lintAs(path, text))).toEqual(lines);
    },
  );

  it.each(all.filter((f) => !f.forbidden).map((f) => [f.mirrors, f.text]))('lets %s lint clean', async (path, text) => {
    expect(await lintAs(path, text)).toEqual([]);
  });

  it('explains the boundary in the message', async () => {
    const [message] = await lintAs('subgraphs/demo/src/domain/x.ts', "export { Order } from '../entities/order.entity.js';\n");
    expect(message?.message).toContain('domain/ holds pure rules: no ORM, services or GraphQL (CONVENTIONS.md)');
  });

  it('keeps every subgraph out of packages/ and out of the other subgraphs, so a new subgraph must be added to the config', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const text = `export { definition } from '@shopgraph/${name}/definition';\n`;
      expect(boundaryLines(await lintAs('packages/demo/src/x.ts', text))).toEqual([1]);
      expect(boundaryLines(await lintAs('subgraphs/demo/src/graphql/x.ts', text))).toEqual([1]);
    }
  });

  it('leaves the same imports alone outside the guarded folders', async () => {
    const text = "export { startGateway } from '@shopgraph/gateway';\nexport { Order } from '../entities/order.entity.js';\n";
    expect(boundaryLines(await lintAs('e2e/demo.test.ts', text))).toEqual([]);
    expect(boundaryLines(await lintAs('subgraphs/demo/src/services/x.ts', text))).toEqual([]);
  });

  it('keeps the fixtures out of `npm run lint`', async () => {
    expect(await eslint.isPathIgnored(join(FIXTURES, 'subgraphs/demo/src/domain/forbidden.ts'))).toBe(true);
  });
});
