import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';

/** One megabyte of text: past the gateway's body limit, so the answer is HTTP 413. */
const ONE_MB = 'a'.repeat(1 << 20);

/** Strings a hostile client sends: NUL bytes, lengths past every limit, injection and encoding tricks, malformed ids. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'x'.repeat(256),
  'y'.repeat(20_001),
  "' OR '1'='1",
  '"; DROP TABLE x; --',
  '%_\\',
  '\ud800',
  'ÄÖÜ 漢字 🙂',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '-1',
  '1e309',
  'NaN',
  'XYZ',
  'us',
  'ZZ',
  'CA',
  'x@example.com',
];

/** Values of the wrong JSON type for whatever the argument expects. */
const wrongType = fc.constantFrom<unknown>(null, 0, -1, 1.5, true, 'text', {}, [], [1, 'a'], { nested: { deep: 'x' } });

const hostileString = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 30, arbitrary: fc.string({ maxLength: 24, unit: 'binary' }) },
  // Rare: one such leaf makes the whole call a 413, so it would hide the rest of the input.
  { weight: 1, arbitrary: fc.constant(ONE_MB) },
);

const hostileInt = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, -2147483648, 2147483647, 2147483648, Number.MAX_SAFE_INTEGER, -1e15, 1.5, -0.5, 1e300),
);

const SCALARS: Record<string, fc.Arbitrary<unknown>> = {
  String: hostileString,
  ID: fc.oneof({ weight: 2, arbitrary: fc.uuid() }, { weight: 3, arbitrary: hostileString }),
  Int: hostileInt,
  Float: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-1, 0, 1e308, -1e308, 5e-324)),
  Boolean: fc.boolean(),
  BigInt: fc.oneof(
    fc.bigInt().map(String),
    fc.constantFrom<unknown>('0', '-1', '99999999999999999999999999999', 'abc', '1.5', '', ' 1', '1e3', 1e21, -5, 3.25),
  ),
  Decimal: fc.constantFrom<unknown>('0', '-1', '1.23', 'abc', '1e5', '99999999999999999999999.999999', '-0.0001', 12.5),
  DateTime: fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom<unknown>('not-a-date', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-13-45T25:61:00Z', '', 0, 1e20),
  ),
};

/** Hostile values of `type`: mostly well-typed but wrong in content, sometimes of the wrong type altogether. */
export function hostileValue(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return hostileValue(type.ofType, depth);
  const typed = (): fc.Arbitrary<unknown> => {
    if (isListType(type)) return fc.array(hostileValue(type.ofType, depth + 1), { maxLength: depth > 2 ? 0 : 3 });
    if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), fc.constant('NOT_A_VALUE'));
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const shape = Object.fromEntries(fields.map((f) => [f.name, hostileValue(f.type, depth + 1)]));
      const requiredKeys = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
      return depth > 3 ? fc.constant({}) : fc.record(shape, { requiredKeys });
    }
    return SCALARS[type.name] ?? hostileString;
  };
  return fc.oneof({ weight: 30, arbitrary: typed() }, { weight: 1, arbitrary: wrongType });
}

/** Hostile variables for every argument of a root field (`a0`, `a1`, …), required ones always present. */
export function hostileArguments(field: GraphQLField<unknown, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const shape = Object.fromEntries(field.args.map((arg, i) => [`a${i}`, hostileValue(arg.type)]));
  const requiredKeys = field.args.flatMap((arg, i) => (isNonNullType(arg.type) && arg.defaultValue === undefined ? [`a${i}`] : []));
  return fc.record(shape, { requiredKeys });
}

/** A document calling one root field with every argument as a variable, selecting only `__typename` below it. */
export function documentOf(root: GraphQLObjectType, field: GraphQLField<unknown, unknown>, operation: 'query' | 'mutation'): string {
  const variables = field.args.map((arg, i) => `$a${i}: ${String(arg.type)}`).join(', ');
  const args = field.args.map((arg, i) => `${arg.name}: $a${i}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${operation} Fuzz${root.name}${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

/**
 * The same variables with one string leaf poisoned by a NUL byte, which every layer must refuse
 * before anything is written (a variable of the wrong type at the top when no string leaf exists).
 * Undefined when the field takes no arguments at all: nothing can make such a call invalid.
 */
export function poisoned(variables: Record<string, unknown>, pick: number, names: readonly string[]): Record<string, unknown> | undefined {
  const leaves: { holder: Record<string, unknown> | unknown[]; key: string | number; value: string }[] = [];
  const walk = (holder: Record<string, unknown> | unknown[], key: string | number, value: unknown) => {
    if (typeof value === 'string') leaves.push({ holder, key, value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(value, i, v));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(value as Record<string, unknown>, k, v);
  };
  const copy = structuredClone(variables);
  for (const [k, v] of Object.entries(copy)) walk(copy, k, v);
  const leaf = leaves[pick % Math.max(leaves.length, 1)];
  if (leaf) (leaf.holder as Record<string | number, unknown>)[leaf.key] = `${leaf.value.slice(0, 64)}\u0000`;
  else if (names.length) copy[`a${pick % names.length}`] = { poisoned: true };
  else return undefined;
  return copy;
}
