import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind } from 'graphql';
import { Decimal } from '../domain/decimal.js';
import { badInput } from '../domain/errors.js';
import type { Context } from './context.js';

/**
 * The Pothos builder: plugins and scalars only. Types live one per file next to their root fields
 * (DESIGN.md section 9), and src/schema/index.ts imports them.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Decimal: { Input: Decimal; Output: Decimal };
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodesOnConnection: true,
    nodesQueryOptions: false,
    // Global ids are base64url of "Typename:local-id"; anything else is the caller's mistake.
    encodeGlobalID: (typename, id) => Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url'),
    decodeGlobalID: (globalID) => {
      const text = /^[A-Za-z0-9_-]{1,2048}$/.test(globalID) ? Buffer.from(globalID, 'base64url').toString('utf8') : '';
      const colon = text.indexOf(':');
      if (colon <= 0) throw badInput('`id` is not an id this API issued', ['id']);
      return { typename: text.slice(0, colon), id: text.slice(colon + 1) };
    },
  },
});

const isDecimalLiteral = (value: unknown): value is string => typeof value === 'string';

builder.scalarType('Decimal', {
  description: 'An exact decimal number as a string, e.g. "1234.50". Money is never a Float.',
  serialize: (value) => (value as Decimal).toString(),
  parseValue: (value) => {
    const parsed = isDecimalLiteral(value) ? Decimal.tryParse(value) : null;
    if (!parsed) throw new GraphQLError('Decimal values are strings of digits such as "12.50"', { extensions: { code: 'BAD_USER_INPUT' } });
    return parsed;
  },
  parseLiteral: (ast) => {
    const parsed = ast.kind === Kind.STRING ? Decimal.tryParse(ast.value) : null;
    if (!parsed) throw new GraphQLError('Decimal values are strings of digits such as "12.50"', { extensions: { code: 'BAD_USER_INPUT' } });
    return parsed;
  },
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && ISO_DATE_TIME.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime values are ISO-8601 strings such as "2026-01-31T00:00:00Z"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 UTC timestamp, e.g. "2026-01-31T00:00:00.000Z".',
  serialize: (value) => (value as Date).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});
