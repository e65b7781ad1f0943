/**
 * ESLint for the whole repository: typescript-eslint's syntax-only `recommended` rules (the type-checked
 * sets build a TypeScript program for every project, far too slow on the 2-core CI machine; `tsc` already
 * type-checks) plus the layer boundaries of CONVENTIONS.md, kept by the core `no-restricted-imports` rule.
 *
 * Flat config does not merge a rule's options: when two blocks set `no-restricted-imports` for one file
 * the later block wins. So each layer block below repeats the restrictions of the blocks it narrows
 * (domain/ and steps/ carry the cross-subgraph ban of every subgraph file).
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Workspace names of the subgraphs (subgraphs/<name>/package.json is `@shopgraph/<name>`). */
const SUBGRAPHS = ['catalog', 'inventory', 'promotion', 'customer', 'order', 'review'];
const SUBGRAPH_NAMES = SUBGRAPHS.join('|');

/** A relative import that climbs out of the importing folder into `folder` (one of a|b|c). */
const upInto = (folders) => `^(\\.\\./)+(${folders})(/|$)`;

const crossSubgraph = [
  {
    regex: `^@shopgraph/(${SUBGRAPH_NAMES})(/|$)`,
    message: 'A subgraph never imports another subgraph: call its internal fields through clients/ (CONVENTIONS.md).',
  },
  {
    regex: upInto(SUBGRAPH_NAMES),
    message: 'A subgraph never reaches into another subgraph\u2019s folder: call it through clients/ (CONVENTIONS.md).',
  },
];

const pureDomain = [
  {
    regex: upInto('entities|services|graphql|steps|workflows|store|clients|payments|events|migrations'),
    message: 'domain/ holds pure rules: no ORM, services or GraphQL (CONVENTIONS.md).',
  },
  {
    regex: '^(@mikro-orm/|type-graphql$|@shopgraph/(subgraph|events|saga)(/|$))',
    message: 'domain/ holds pure rules: no ORM, services or GraphQL (CONVENTIONS.md).',
  },
];

const stepsTakePorts = [
  {
    regex: upInto('services|graphql'),
    message: 'A saga step takes the ports it uses, not services or resolvers (CONVENTIONS.md: narrow ports).',
  },
];

const packagesBelowApps = [
  {
    regex: `^@shopgraph/(gateway|scripts|${SUBGRAPH_NAMES})(/|$)`,
    message: 'packages/ are shared libraries: they never import the gateway, a subgraph or scripts (CONVENTIONS.md).',
  },
  {
    regex: upInto('gateway|subgraphs|scripts'),
    message: 'packages/ are shared libraries: they never reach into gateway/, subgraphs/ or scripts/ (CONVENTIONS.md).',
  },
];

const restrict = (...groups) => ({ 'no-restricted-imports': ['error', { patterns: groups.flat() }] });

/** Node globals the few plain JavaScript files (jest config, scripts/*.mjs) use; TypeScript files get them from @types/node. */
const NODE_GLOBALS = ['process', 'console', 'performance', 'URL', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'];
const nodeGlobals = Object.fromEntries(NODE_GLOBALS.map((name) => [name, 'readonly']));

export default defineConfig([
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/.data/',
    '**/coverage/',
    'bench/results/',
    'e2e/generated/',
    // Files that break the layer rules on purpose; scripts/test/lint-boundaries.test.ts lints them on its own.
    'scripts/lint-fixtures/',
  ]),
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      // `_`-prefixed names are deliberate (a callback's unused position, a destructured field left out).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Test helpers hand raw JSON answers (GraphQL, the payment simulator) to assertions that dig into them;
    // typing each answer would add nothing the assertion does not already check. Source code keeps the rule.
    files: ['**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: ['subgraphs/*/src/**/*.ts'], rules: restrict(crossSubgraph) },
  { files: ['subgraphs/*/src/domain/**/*.ts'], rules: restrict(crossSubgraph, pureDomain) },
  { files: ['subgraphs/*/src/steps/**/*.ts'], rules: restrict(crossSubgraph, stepsTakePorts) },
  { files: ['packages/**/*.ts'], rules: restrict(packagesBelowApps) },
]);
