import { describe, expect, it } from 'vitest';
import { customerTag, invoiceTag } from '../../src/cache/cache-tags.js';
import { CursorCodec } from '../../src/domain/cursor.js';
import { createContextFactory } from '../../src/server/context.js';
import { RequestStates } from '../../src/server/request-state.js';
import { USD_ACCOUNT } from '../helpers/cloudflare.js';
import { useSandboxProviders } from '../helpers/sandbox-providers.js';

/** Cache tags are what a response cache evicts by: recorded while it keeps answers, skipped when none does. */
describe('cache tags of a request', () => {
  const upstreams = useSandboxProviders();

  /** A context as Yoga makes it, which then reads a history page of the sandbox's USD account. */
  async function tagsAfterHistoryRead(recordCacheTags?: boolean) {
    const factory = createContextFactory({
      states: new RequestStates(async () => ({ kind: 'service' })),
      providers: upstreams.providers,
      defaultProvider: 'cloudflare',
      maxUpstreamConcurrency: 4,
      cursors: new CursorCodec('cache-tags-test-cursor-secret-0123456789ab'),
      ...(recordCacheTags === undefined ? {} : { recordCacheTags }),
    });
    const context = await factory({ request: new Request('http://billgraph.test/graphql') });
    const page = await context.loaders.invoicePage.load({
      provider: 'cloudflare',
      customer: USD_ACCOUNT,
      type: 'ALL',
      page: { direction: 'forward', size: 3, after: null },
    });
    return { tags: context.cacheTags.list(), keys: page.items.map(({ item }) => item.ref.key) };
  }

  it('records the customer and every invoice read when a response cache keeps answers (the default)', async () => {
    const { tags, keys } = await tagsAfterHistoryRead();
    expect(keys).toHaveLength(3);
    expect(tags).toEqual([customerTag('cloudflare', USD_ACCOUNT), ...keys.map((key) => invoiceTag('cloudflare', key))]);
    expect((await tagsAfterHistoryRead(true)).tags).toEqual(tags);
  });

  it('records nothing when no response cache keeps answers', async () => {
    const { tags, keys } = await tagsAfterHistoryRead(false);
    expect(keys).toHaveLength(3);
    expect(tags).toEqual([]);
  });
});
