import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { Decimal } from '../domain/decimal.js';
import { isoTime } from '../domain/iso-time.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import type { Context } from './context.js';
import { relayDescriptions } from './relay-options.js';

/**
 * The Pothos builder: plugins and scalars only. Types live one per file next to their root fields
 * (docs/ARCHITECTURE.md section 9), and src/schema/index.ts imports them.
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
    ...relayDescriptions,
    nodeFieldOptions: { ...relayDescriptions.nodeFieldOptions, nullable: false },
    edgesFieldOptions: { ...relayDescriptions.edgesFieldOptions, nullable: false },
    nodesQueryOptions: false,
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, String(id)),
    decodeGlobalID: (globalID) => decodeGlobalId(globalID),
  },
});

/** What a caller may write as a Decimal: plain digits, an optional sign and fraction; no exponent or spaces. */
const DECIMAL_INPUT = /^-?\d{1,30}(\.\d{1,30})?$/;
const DECIMAL_MESSAGE = 'Decimal values are strings of digits such as "12.50" (at most 30 digits on each side of the point)';

/** `node`: the literal in the document, so an error in the query text points at it. */
function parseDecimal(value: unknown, node?: ValueNode): Decimal {
  const parsed = typeof value === 'string' && DECIMAL_INPUT.test(value) ? Decimal.tryParse(value) : null;
  if (!parsed) throw new GraphQLError(DECIMAL_MESSAGE, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
  return parsed;
}

builder.scalarType('Decimal', {
  description:
    'An exact decimal number as a string, e.g. "1234.50". Money is never a Float. As input: digits with an optional minus sign and decimal point, no exponent or spaces, at most 30 digits on each side of the point.',
  serialize: (value) => (value as Decimal).toString(),
  parseValue: (value) => parseDecimal(value),
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : null, ast),
});

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** A real calendar time: Date would roll "2026-11-31" over to December 1st without a word. */
function isCalendarTime(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second = 0, offsetHour = 0, offsetMinute = 0] = [1, 2, 3, 4, 5, 7, 10, 11].map((i) =>
    Number(match[i] ?? 0),
  );
  const lastOfMonth = new Date(0);
  lastOfMonth.setUTCFullYear(year!, month!, 0); // not Date.UTC, which reads years 0-99 as 1900-1999
  const daysInMonth = lastOfMonth.getUTCDate();
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour! < 24 &&
    minute! < 60 &&
    second < 60 &&
    offsetHour < 24 &&
    offsetMinute < 60
  );
}

function parseDateTime(value: unknown, node?: ValueNode): Date {
  const match = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  const date = match && isCalendarTime(match) ? new Date(value as string) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime values are ISO-8601 strings such as "2026-01-31T00:00:00Z"', {
      nodes: node,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date;
}

builder.scalarType('DateTime', {
  description:
    'An ISO-8601 timestamp, answered in UTC ("2026-01-31T00:00:00.000Z"). As input: a real calendar time with `Z` or an offset ("2026-01-31T01:00:00+01:00"), to the millisecond.',
  serialize: (value) => isoTime(value as Date),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null, ast),
});
