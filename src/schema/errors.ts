import { BillingError } from '../domain/errors.js';
import { builder } from './builder.js';
import { BillingProviderEnum } from './invoice.js';

/**
 * Errors as GraphQL sees them. Top-level errors carry `extensions.code` from DESIGN.md section 8;
 * mutation failures a caller can act on are members of the result union instead (the types below).
 */

export interface InvalidInputProblem {
  kind: 'InvalidInputError';
  message: string;
  field: ReadonlyArray<string | number>;
}
export interface NotFoundProblem {
  kind: 'NotFoundError';
  message: string;
}
export interface UnsupportedProblem {
  kind: 'UnsupportedError';
  message: string;
  provider: string;
  fields: readonly string[];
}
export type MutationProblem = InvalidInputProblem | NotFoundProblem | UnsupportedProblem;

/** The union member for a domain failure the caller can act on; anything else stays a thrown error. */
export function asMutationProblem(error: unknown): MutationProblem | null {
  if (!(error instanceof BillingError)) return null;
  switch (error.code) {
    case 'BAD_USER_INPUT':
      return { kind: 'InvalidInputError', message: error.message, field: error.details.field ?? [] };
    case 'NOT_FOUND':
      return { kind: 'NotFoundError', message: error.message };
    case 'UNSUPPORTED':
      return {
        kind: 'UnsupportedError',
        message: error.message,
        provider: error.details.provider ?? 'unknown',
        fields: error.details.choices ?? [],
      };
    default:
      return null;
  }
}

const ErrorInterface = builder.interfaceRef<MutationProblem>('Error').implement({
  description: 'A failure the caller can act on, returned as data.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

export const InvalidInputErrorType = builder.objectRef<InvalidInputProblem>('InvalidInputError').implement({
  interfaces: [ErrorInterface],
  isTypeOf: (value) => (value as MutationProblem).kind === 'InvalidInputError',
  fields: (t) => ({
    field: t.stringList({
      description: 'Path of the offending input field, e.g. ["input", "addItems", "0", "quantity"].',
      resolve: (problem) => problem.field.map(String),
    }),
  }),
});

export const NotFoundErrorType = builder.objectRef<NotFoundProblem>('NotFoundError').implement({
  interfaces: [ErrorInterface],
  isTypeOf: (value) => (value as MutationProblem).kind === 'NotFoundError',
  fields: () => ({}),
});

export const UnsupportedErrorType = builder.objectRef<UnsupportedProblem>('UnsupportedError').implement({
  interfaces: [ErrorInterface],
  isTypeOf: (value) => (value as MutationProblem).kind === 'UnsupportedError',
  fields: (t) => ({
    provider: t.field({ type: BillingProviderEnum, resolve: (problem) => problem.provider as 'cloudflare' }),
    fields: t.stringList({ description: 'The input fields this provider cannot preview.', resolve: (problem) => [...problem.fields] }),
  }),
});
