import { Kind, type DefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestStates } from './request-state.js';

/**
 * Starts each request's state (its id and clock) before any other plugin runs, and records which operation
 * it executes. First in the plugin list: a later plugin may stop execution (the cost limit) and the log
 * still names the operation.
 */
export function useRequestState(states: RequestStates): Plugin {
  return {
    onRequest({ request }) {
      states.of(request);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const operation = args.document.definitions.find(
        (d: DefinitionNode) => d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
      );
      if (request && operation?.kind === Kind.OPERATION_DEFINITION) {
        const state = states.of(request);
        state.operationName = operation.name?.value ?? null;
        state.operationType = operation.operation;
      }
    },
  };
}
