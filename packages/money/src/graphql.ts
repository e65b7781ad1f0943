import 'reflect-metadata';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { CURRENCIES, type CurrencyCode } from './currency.js';
import { type Money, toDecimalString } from './money.js';

/** `BigInt` scalar: serialized as a string of digits so no precision is lost in JSON. */
export const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  description: 'An integer of any size, serialized as a string of digits (e.g. "24999").',
  serialize(value) {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
    throw new GraphQLError(`BigInt cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
    throw new GraphQLError('BigInt must be an integer or a string of digits');
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.INT) return BigInt(ast.value);
    if (ast.kind === Kind.STRING && /^-?\d+$/.test(ast.value)) return BigInt(ast.value);
    throw new GraphQLError('BigInt must be an integer or a string of digits');
  },
});

/** `Decimal` scalar: an exact decimal as a string such as "249.99"; never a Float. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number serialized as a string, e.g. "249.99".',
  serialize(value) {
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
    throw new GraphQLError(`Decimal cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
    throw new GraphQLError('Decimal must be a string such as "249.99"');
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && /^-?\d+(\.\d+)?$/.test(ast.value)) return ast.value;
    throw new GraphQLError('Decimal must be a string such as "249.99"');
  },
});

/** The GraphQL enum of supported currencies. */
export const CurrencyCodeEnum = Object.fromEntries(Object.keys(CURRENCIES).map((c) => [c, c])) as {
  [K in CurrencyCode]: K;
};
registerEnumType(CurrencyCodeEnum, { name: 'CurrencyCode', description: 'ISO 4217 currency code.' });

/** Money as the API shows it (API.md). */
@Directive('@shareable')
@ObjectType('Money', { description: 'An amount of money in integer minor units and as a decimal string.' })
export class MoneyType {
  @Field(() => BigIntScalar, { description: 'Amount in minor units (cents; whole dong for VND).' })
  amountMinor!: bigint;

  @Field(() => DecimalScalar, { description: 'Amount in major units as an exact decimal string.' })
  amount!: string;

  @Field(() => CurrencyCodeEnum, { description: 'ISO 4217 currency code.' })
  currencyCode!: CurrencyCode;

  /** Maps a domain `Money` to its GraphQL shape. */
  static from(m: Money): MoneyType {
    const t = new MoneyType();
    t.amountMinor = m.amountMinor;
    t.amount = toDecimalString(m);
    t.currencyCode = m.currency;
    return t;
  }
}
