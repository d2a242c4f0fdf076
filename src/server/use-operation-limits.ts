import { GraphQLError, NoSchemaIntrospectionCustomRule, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { costOfOperation } from '../limits/operation-prices.js';

export interface OperationLimitOptions {
  /** The most an operation may cost (list fields cost by `first`; src/limits/cost.ts). */
  maxCost: number;
  /** Whether callers may introspect the schema. */
  introspection: boolean;
}

/** Limits on what a valid operation may ask for: its cost, and introspection when switched off. */
export function useOperationLimits({ maxCost, introspection }: OperationLimitOptions): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (!introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = tooCostly(args, maxCost);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    // A subscription's events are executed against the same selection: the same limit, checked when it opens.
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = tooCostly(args, maxCost);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}

function tooCostly(args: ExecutionArgs, maxCost: number): GraphQLError | null {
  const cost = costOfOperation(args);
  if (cost <= maxCost) return null;
  return new GraphQLError(
    `this operation costs ${cost}, more than the limit of ${maxCost}: ask for smaller pages (\`first\`) or fewer fields`,
    { extensions: { code: 'BAD_USER_INPUT', cost, maxCost } },
  );
}
