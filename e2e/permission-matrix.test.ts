import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  Kind,
  type StringValueNode,
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
} from 'graphql';
import { PERMISSIONS, type Permission, ROLE_PERMISSIONS, STAFF_ROLES, type StaffRole } from '@shopgraph/auth';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { documentOf } from './hostile-values.js';
import { shopKit } from './shop-kit.js';

/**
 * Issue 16: the permission matrix, generated from the schema. Every root field that declares a
 * staff permission (`@requiresPermission` in the supergraph) is called through the gateway by every
 * staff role, a customer, a guest and an anonymous caller: it answers exactly where the role's
 * permissions say, and refuses everyone else with FORBIDDEN (UNAUTHENTICATED when anonymous).
 * A root field that declares nothing must not refuse a signed-in customer: an admin field added
 * without a declared permission fails here.
 */

/** Fields any signed-in staff member may call, whatever their role (their own account). */
const STAFF_SELF = new Set(['staffMe', 'staffLogout']);

const api = buildSchema(readFileSync(resolve(process.cwd(), 'schema/api.graphql'), 'utf8'));

/** The permission each root field declares in the supergraph, by `Query.field` / `Mutation.field`. */
function declaredPermissions(): Map<string, Permission> {
  const supergraph = parse(readFileSync(resolve(process.cwd(), 'schema/supergraph.graphql'), 'utf8'));
  const declared = new Map<string, Permission>();
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'requiresPermission');
      if (!directive) continue;
      const permission = (directive.arguments?.find((a) => a.name.value === 'permission')?.value as StringValueNode | undefined)?.value;
      expect(PERMISSIONS).toContain(permission);
      declared.set(`${definition.name.value}.${field.name.value}`, permission as Permission);
    }
  }
  return declared;
}

/** A well-formed value of `type` that passes input validation, so only authorization decides the answer. */
function plausibleValue(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return plausibleValue(type.ofType, name);
  if (isListType(type)) return [plausibleValue(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, plausibleValue(f.type, f.name)]));
  }
  switch (type.name) {
    case 'ID':
      return randomUUID();
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'BigInt':
      return '100';
    case 'Decimal':
      return '1.5';
    case 'DateTime':
      return new Date().toISOString();
    default:
      if (/email/i.test(name)) return `matrix.${randomUUID().slice(0, 8)}@example.com`;
      if (/country/i.test(name)) return 'US';
      if (/currency/i.test(name)) return 'USD';
      return `matrix-${randomUUID().slice(0, 8)}`;
  }
}

function plausibleArguments(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    field.args.flatMap((arg, i) =>
      isNonNullType(arg.type) && arg.defaultValue === undefined ? [[`a${i}`, plausibleValue(arg.type, arg.name)]] : [],
    ),
  );
}

type Caller = StaffRole | 'customer' | 'guest' | 'anonymous';

describe('permission matrix through the gateway', () => {
  let stack: TestStack;
  const tokens = new Map<Caller, string | undefined>();

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    const kit = shopKit(stack);
    const signer = stack.subgraphs.customer.runtime.signer!;
    for (const role of STAFF_ROLES) tokens.set(role, (await signer.sign(randomUUID(), { role: 'staff', staffRole: role }, 3600)).token);
    tokens.set('customer', (await kit.customer('matrix')).token);
    tokens.set('guest', await kit.guest());
    tokens.set('anonymous', undefined);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** The codes of the errors a call of `field` by `caller` answers with, at the field itself. */
  async function codesOf(root: GraphQLObjectType, field: GraphQLField<unknown, unknown>, caller: Caller): Promise<unknown[]> {
    const token = tokens.get(caller);
    const operation = root === api.getMutationType() ? 'mutation' : 'query';
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: documentOf(root, field, operation), variables: plausibleArguments(field) }),
    });
    expect(response.status).toBeLessThan(500);
    const body = (await response.json()) as { errors?: { path?: unknown[]; extensions?: { code?: unknown } }[] };
    return (body.errors ?? []).map((e) => e.extensions?.code);
  }

  const roots = [api.getQueryType()!, api.getMutationType()!];
  const declared = declaredPermissions();

  it('reads a declared permission for every admin field of every subgraph', () => {
    // The matrix below must not pass by finding nothing: the shop's admin surface is large.
    expect(declared.size).toBeGreaterThanOrEqual(35);
    for (const [field, permission] of [
      ['Mutation.createProduct', 'catalog:write'],
      ['Mutation.adjustStock', 'inventory:write'],
      ['Mutation.createCampaign', 'promotions:write'],
      ['Query.customers', 'customers:read'],
      ['Query.stuckCheckoutSagas', 'orders:read'],
    ] as const)
      expect(declared.get(field)).toBe(permission);
    // Every declaration names a field the public API really has.
    for (const key of declared.keys()) {
      const [type, name] = key.split('.') as [string, string];
      expect((api.getType(type) as GraphQLObjectType | undefined)?.getFields()[name]).toBeDefined();
    }
  });

  const cases = roots.flatMap((root) =>
    Object.values(root.getFields())
      .filter((field) => declared.has(`${root.name}.${field.name}`))
      .map((field) => [`${root.name}.${field.name}`, root, field] as const),
  );

  it.each(cases)('%s answers exactly the roles holding its permission', async (key, root, field) => {
    const permission = declared.get(key)!;
    const callers: Caller[] = [...STAFF_ROLES, 'customer', 'guest', 'anonymous'];
    const seen: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const caller of callers) {
      const codes = await codesOf(root, field, caller);
      const refusal = codes.find((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED');
      seen[caller] = typeof refusal === 'string' ? refusal : 'allowed';
      const allowed = (STAFF_ROLES as readonly string[]).includes(caller) && ROLE_PERMISSIONS[caller as StaffRole].includes(permission);
      expected[caller] = allowed ? 'allowed' : caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    }
    expect(seen).toEqual(expected);
  });

  const undeclared = roots.flatMap((root) =>
    Object.values(root.getFields())
      .filter((field) => !declared.has(`${root.name}.${field.name}`))
      .map((field) => [`${root.name}.${field.name}`, root, field] as const),
  );

  it.each(undeclared)('%s declares no permission, so a signed-in customer is not refused it', async (key, root, field) => {
    const codes = await codesOf(root, field, STAFF_SELF.has(field.name) ? 'READ_ONLY' : 'customer');
    expect({ key, codes: codes.filter((c) => c === 'FORBIDDEN') }).toEqual({ key, codes: [] });
  });
});
