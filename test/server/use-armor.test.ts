import { describe, expect, it } from 'vitest';
import { useArmor } from '../../src/server/use-armor.js';
import { bareYoga, post } from './support.js';

describe('useArmor', () => {
  const yoga = bareYoga([useArmor({ maxTokens: 60, maxDepth: 2, maxAliases: 3, maxDirectives: 3 })]);
  const ask = async (query: string) => {
    const response = await yoga.fetch(post(query, { accept: 'application/graphql-response+json' }));
    return { status: response.status, body: await response.json() };
  };
  const expectRefused = (answer: { status: number; body: any }, message: RegExp) => {
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors[0].message).toMatch(message);
    expect(answer.body.errors[0].message).not.toMatch(/^Syntax Error/);
  };

  it('answers a document within every limit', async () => {
    expect(await ask('{ a: hello b: hello }')).toEqual({ status: 200, body: { data: { a: 'world', b: 'world' } } });
  });

  it('refuses too many aliases, as the caller’s fault', async () => {
    expectRefused(await ask('{ a: hello b: hello c: hello d: hello }'), /^Refused: Aliases limit of 3 exceeded/);
  });

  it('refuses too many directives', async () => {
    expectRefused(await ask('{ hello @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) }'), /Directives limit of 3/);
  });

  it('refuses a document deeper than the limit', async () => {
    expectRefused(await ask('{ __schema { types { fields { name } } } }'), /depth limit of 2/i);
  });

  it('refuses a document of too many tokens', async () => {
    expectRefused(await ask(`{ ${'hello '.repeat(61)}}`), /Token limit of 60/);
  });
});
