import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { BadUserInputError } from '@shopgraph/errors';

/** Longest `ID` an argument may carry: every stored id, SKU and code fits a `varchar(255)`. */
export const MAX_ID_LENGTH = 255;
/** Longest `String` an argument may carry (descriptions and review bodies included). */
export const MAX_STRING_LENGTH = 20_000;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Path = (string | number)[];

/** A check of one argument value: throws `BadUserInputError` naming the field at fault. */
type Check = (value: unknown, path: Path) => void;

function checkText(value: string, path: Path, max: number, uuid: boolean): void {
  const field = path.map(String);
  // PostgreSQL text cannot hold NUL (22021): refused here, before any query, for every string.
  if (value.includes('\u0000')) throw new BadUserInputError(`${field.join('.')} must not contain NUL characters`, field);
  // A lone surrogate is no Unicode text: PostgreSQL refuses it inside JSON (22P02) and mangles it elsewhere.
  if (LONE_SURROGATE.test(value)) throw new BadUserInputError(`${field.join('.')} is not valid Unicode text`, field);
  if (value.length > max) throw new BadUserInputError(`${field.join('.')} is longer than ${max} characters`, field);
  if (uuid && !UUID.test(value)) throw new BadUserInputError(`${field.join('.')} is not a valid id`, field);
}

/** Strings nested anywhere in a JSON scalar (`_Any` representations between subgraphs). */
function checkJson(value: unknown, path: Path): void {
  if (typeof value === 'string') checkText(value, path, MAX_STRING_LENGTH, false);
  else if (Array.isArray(value)) value.forEach((v, i) => checkJson(v, [...path, i]));
  else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) checkJson(v, [...path, k]);
  }
}

/**
 * Builds the check of a value of `type`. `coordinate` names the argument (`Type.field.arg`) or
 * input field (`Input.field`) so `uuids` can mark the ids a resolver looks up as UUIDs.
 */
function checkOf(type: GraphQLInputType, coordinate: string, uuids: ReadonlySet<string>, seen: Map<string, Check>): Check | undefined {
  if (isNonNullType(type)) return checkOf(type.ofType, coordinate, uuids, seen);
  if (isListType(type)) {
    const item = checkOf(type.ofType, coordinate, uuids, seen);
    return item && ((value, path) => Array.isArray(value) && value.forEach((v, i) => item(v, [...path, i])));
  }
  if (isInputObjectType(type)) {
    const cached = seen.get(type.name);
    if (cached) return cached;
    const checks: [string, Check][] = [];
    // Registered before the fields are walked, so a recursive input type refers to itself.
    const check: Check = (value, path) => {
      if (!value || typeof value !== 'object') return;
      for (const [name, fieldCheck] of checks) {
        const v = (value as Record<string, unknown>)[name];
        if (v !== undefined && v !== null) fieldCheck(v, [...path, name]);
      }
    };
    seen.set(type.name, check);
    for (const field of Object.values(type.getFields())) {
      const fieldCheck = checkOf(field.type, `${type.name}.${field.name}`, uuids, seen);
      if (fieldCheck) checks.push([field.name, fieldCheck]);
    }
    return check;
  }
  if (!isScalarType(type)) return undefined;
  if (type.name === 'String') return (value, path) => typeof value === 'string' && checkText(value, path, MAX_STRING_LENGTH, false);
  if (type.name === 'ID') {
    const uuid = uuids.has(coordinate);
    return (value, path) => typeof value === 'string' && checkText(value, path, MAX_ID_LENGTH, uuid);
  }
  if (type.name === '_Any') return checkJson;
  return undefined;
}

/** Every argument coordinate (`Type.field.arg`) and input field coordinate (`Input.field`) of type `ID`. */
function idCoordinates(schema: GraphQLSchema): Set<string> {
  const found = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) if (getNamedType(arg.type).name === 'ID') found.add(`${type.name}.${field.name}.${arg.name}`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        if (getNamedType(field.type).name === 'ID') found.add(`${type.name}.${field.name}`);
    }
  }
  return found;
}

/**
 * Validates every argument of every field before its resolver runs (issue 16): no string may hold
 * a NUL character or exceed its length limit, and the ids listed in `uuids` (argument coordinates
 * `Query.order.id`, input field coordinates `AddCartItemInput.warehouseId`) must be UUIDs. A bad
 * value is `BAD_USER_INPUT` naming the field, so malformed input never reaches PostgreSQL. Wraps
 * the resolvers of `schema` in place; an unknown or non-`ID` coordinate in `uuids` is a build error.
 */
export function guardInputs(schema: GraphQLSchema, uuids: readonly string[] = []): void {
  const ids = idCoordinates(schema);
  const unknown = uuids.filter((c) => !ids.has(c));
  if (unknown.length) throw new Error(`UUID inputs that are not ID arguments or input fields: ${unknown.join(', ')}`);
  const uuidSet = new Set(uuids);
  const seen = new Map<string, Check>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type === schema.getSubscriptionType()) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const checks = field.args.flatMap((arg) => {
        const check = checkOf(arg.type, `${type.name}.${field.name}.${arg.name}`, uuidSet, seen);
        return check ? [[arg.name, check] as const] : [];
      });
      if (!checks.length) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const [name, check] of checks) {
          const value = args[name];
          if (value !== undefined && value !== null) check(value, [name]);
        }
        return resolve(source, args, context, info);
      };
    }
  }
}
