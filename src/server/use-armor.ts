import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface ArmorLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
}

/**
 * graphql-armor's depth/alias/directive rules throw, which stops validating a hostile document at once (worth
 * keeping: the other rules never walk an alias bomb). The thrown error is marked as the caller's fault, a 400
 * with BAD_USER_INPUT, as the token limit already is, instead of reading like a 200 execution result.
 */
const ARMOR_REFUSAL = {
  onReject: [
    (_context: ValidationContext | null, error: GraphQLError) => {
      Object.assign(error.extensions, { code: 'BAD_USER_INPUT', http: { status: 400 } });
      // armor words every refusal as a "Syntax Error", though the document parsed: say what it is.
      error.message = error.message.replace(/^Syntax Error: /, 'Refused: ');
    },
  ],
};

/** Size limits on the document itself (tokens, depth, aliases, directives), checked before it executes. */
export function useArmor(limits: ArmorLimits): Plugin {
  return {
    onPluginInit({ addPlugin }) {
      // Envelop inserts added plugins in place, so the four run where useArmor stands in the list.
      addPlugin(maxTokensPlugin({ n: limits.maxTokens, ...ARMOR_REFUSAL }));
      addPlugin(maxDepthPlugin({ n: limits.maxDepth, ignoreIntrospection: false, flattenFragments: true, ...ARMOR_REFUSAL }));
      addPlugin(maxAliasesPlugin({ n: limits.maxAliases, ...ARMOR_REFUSAL }));
      addPlugin(maxDirectivesPlugin({ n: limits.maxDirectives, ...ARMOR_REFUSAL }));
    },
  };
}
