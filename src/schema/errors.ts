import { InvalidInputError, NotFoundError, UnsupportedError } from '../domain/errors.js';
import { builder } from './builder.js';
import { BillingProviderEnum } from './invoice.js';

/**
 * Errors as GraphQL sees them. Top-level errors carry `extensions.code` from docs/ARCHITECTURE.md section 8;
 * mutation failures a caller can act on are members of the result union instead (the types below).
 */

/** The classes whose failures the previewInvoice union returns as data; any other error stays thrown. */
export type MutationError = InvalidInputError | NotFoundError | UnsupportedError;

export function isMutationError(error: unknown): error is MutationError {
  return error instanceof InvalidInputError || error instanceof NotFoundError || error instanceof UnsupportedError;
}

/**
 * A union member wrapping the error it shows: graphql-js treats any Error a resolver returns as thrown,
 * so the error itself cannot be the value.
 */
export interface MutationProblem<E extends MutationError = MutationError> {
  problem: E;
}

const problemOf = (value: unknown): unknown => (value as Partial<MutationProblem> | null)?.problem;

/** The union member a problem is shown as (an ambiguous subscription is invalid input with choices). */
export function mutationProblemType(value: MutationProblem): 'InvalidInputError' | 'NotFoundError' | 'UnsupportedError' {
  if (value.problem instanceof InvalidInputError) return 'InvalidInputError';
  return value.problem instanceof NotFoundError ? 'NotFoundError' : 'UnsupportedError';
}

const ErrorInterface = builder.interfaceRef<MutationProblem>('Error').implement({
  description: 'A failure the caller can act on, returned as data.',
  fields: (t) => ({
    message: t.string({
      description: 'What went wrong, in English, for a developer; map `__typename` to text for end users.',
      resolve: ({ problem }) => problem.message,
    }),
  }),
});

export const InvalidInputErrorType = builder.objectRef<MutationProblem<InvalidInputError>>('InvalidInputError').implement({
  description: 'The input cannot be previewed as given (a bad value, a contradiction, a subscription to choose): `field` says where.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => problemOf(value) instanceof InvalidInputError,
  fields: (t) => ({
    field: t.stringList({
      description: 'Path of the offending input field, e.g. ["input", "addItems", "0", "quantity"].',
      resolve: ({ problem }) => problem.field.map(String),
    }),
  }),
});

export const NotFoundErrorType = builder.objectRef<MutationProblem<NotFoundError>>('NotFoundError').implement({
  description: 'Something the input names (customer, subscription, item, price) does not exist at the provider.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => problemOf(value) instanceof NotFoundError,
  fields: () => ({}),
});

export const UnsupportedErrorType = builder.objectRef<MutationProblem<UnsupportedError>>('UnsupportedError').implement({
  description: 'This provider cannot preview some of the input (e.g. item changes on Flexprice); nothing was previewed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => problemOf(value) instanceof UnsupportedError,
  fields: (t) => ({
    provider: t.field({
      type: BillingProviderEnum,
      description: 'The provider that cannot do it.',
      resolve: ({ problem }) => (problem.provider ?? 'unknown') as 'cloudflare',
    }),
    fields: t.stringList({
      description: 'The input fields this provider cannot preview.',
      resolve: ({ problem }) => [...problem.fields],
    }),
  }),
});
