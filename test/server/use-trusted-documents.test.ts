import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { trustedDocumentSettings } from '../../src/config/documents.js';
import { ConfigError } from '../../src/config/errors.js';
import { loadTrustedDocuments } from '../../src/server/trusted-documents.js';
import { useRequestState } from '../../src/server/use-request-state.js';
import { useTrustedDocuments } from '../../src/server/use-trusted-documents.js';
import { bareYoga, fixedStates, post, tinySchema } from './support.js';

const idOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const HELLO = 'query Hello { hello }';
const ITEMS = 'query Items($first: Int!) { items(first: $first) { name } }';

/** Two apps' manifests in one directory, as a deployment keeps them side by side. */
function manifestDir(extra: Record<string, Record<string, unknown>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
  writeFileSync(join(dir, 'portal-1.0.json'), JSON.stringify({ [idOf(HELLO)]: HELLO }));
  writeFileSync(join(dir, 'admin-2.3.json'), JSON.stringify({ [idOf(ITEMS)]: ITEMS }));
  writeFileSync(join(dir, 'README.txt'), 'not a manifest');
  for (const [name, manifest] of Object.entries(extra)) writeFileSync(join(dir, name), JSON.stringify(manifest));
  return dir;
}

const documents = loadTrustedDocuments([manifestDir()], tinySchema);

function trustedYoga(arbitrary: 'allowed' | 'refused', principal?: Principal, arbitraryRole: string | null = 'internal') {
  const { states } = fixedStates(principal);
  return bareYoga([useRequestState(states), useTrustedDocuments({ documents, arbitrary, arbitraryRole, states })]);
}
const postBody = (body: unknown) =>
  new Request('http://billgraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('useTrustedDocuments', () => {
  const locked = trustedYoga('refused');

  it('runs a documentId sent in a POST body, with its variables, from any loaded manifest', async () => {
    expect(await (await locked.fetch(postBody({ documentId: idOf(HELLO) }))).json()).toEqual({ data: { hello: 'world' } });
    const items = await locked.fetch(postBody({ documentId: idOf(ITEMS), variables: { first: 2 } }));
    expect(await items.json()).toEqual({ data: { items: [{ name: 'item 0' }, { name: 'item 1' }] } });
  });

  it('runs a documentId sent as a GET parameter, and an APQ-style sha256Hash', async () => {
    const params = new URLSearchParams({ documentId: idOf(ITEMS), variables: JSON.stringify({ first: 1 }) });
    const get = await locked.fetch(new Request(`http://billgraph.test/graphql?${params}`, { headers: { accept: 'application/json' } }));
    expect(await get.json()).toEqual({ data: { items: [{ name: 'item 0' }] } });
    const apq = { extensions: { persistedQuery: { version: 1, sha256Hash: idOf(HELLO).slice('sha256:'.length) } } };
    expect(await (await locked.fetch(postBody(apq))).json()).toEqual({ data: { hello: 'world' } });
  });

  it('answers an unknown documentId with PersistedQueryNotFound (400, BAD_USER_INPUT)', async () => {
    const response = await locked.fetch(postBody({ documentId: idOf('query Other { hello }') }));
    expect(response.status).toBe(400);
    const { errors } = await response.json();
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^PersistedQueryNotFound: no trusted document has this documentId/);
    expect(errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect((await (await locked.fetch(postBody({ documentId: 'not-a-hash' }))).json()).errors[0].message).toMatch(
      /^PersistedQueryNotFound/,
    );
  });

  it("refuses a document of the caller's own when arbitrary documents are refused (403, FORBIDDEN), even one in a manifest", async () => {
    for (const query of ['{ hello }', HELLO]) {
      const response = await locked.fetch(post(query));
      expect(response.status).toBe(403);
      const { data, errors } = await response.json();
      expect(data).toBeUndefined();
      expect(errors[0].message).toMatch(/^PersistedQueryOnly: this billgraph runs trusted documents only/);
      expect(errors[0].extensions).toEqual({ code: 'FORBIDDEN' });
    }
  });

  it('lets a principal holding the configured role send its own documents, and no other', async () => {
    const customer = (roles?: string[]): Principal => ({ kind: 'customer', subject: 's', provider: 'stripe', customers: ['cus_A'], roles });
    expect(await (await trustedYoga('refused', customer(['support', 'internal'])).fetch(post('{ hello }'))).json()).toEqual({
      data: { hello: 'world' },
    });
    for (const principal of [customer(['support']), customer(), { kind: 'service' } as Principal])
      expect((await trustedYoga('refused', principal).fetch(post('{ hello }'))).status, JSON.stringify(principal)).toBe(403);
    expect((await trustedYoga('refused', customer(['internal']), null).fetch(post('{ hello }'))).status).toBe(403);
  });

  it("with arbitrary documents allowed, runs both the caller's own documents and documentIds", async () => {
    const open = trustedYoga('allowed');
    expect(await (await open.fetch(post('{ hello }'))).json()).toEqual({ data: { hello: 'world' } });
    expect(await (await open.fetch(postBody({ documentId: idOf(HELLO) }))).json()).toEqual({ data: { hello: 'world' } });
  });
});

describe('loadTrustedDocuments', () => {
  it('merges files and directories: every *.json manifest of a directory, ids normalised', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
    const file = join(dir, 'bare.json');
    const other = 'query Other { hello }';
    writeFileSync(file, JSON.stringify({ [idOf(other).slice('sha256:'.length).toUpperCase()]: other }));
    const loaded = loadTrustedDocuments([manifestDir(), file], tinySchema);
    expect([...loaded.keys()].sort()).toEqual([idOf(HELLO), idOf(ITEMS), idOf(other)].sort());
  });

  it('refuses, at startup and naming the file and entry, anything it could not trust', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trusted-documents-bad-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    mkdirSync(join(dir, 'empty'));
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /missing\.json: ENOENT/],
      [join(dir, 'empty'), /no \*\.json file/],
      [write('broken.json', '{"sha256:'), /broken\.json: .*JSON/],
      [write('list.json', '[]'), /list\.json: not a JSON object/],
      [write('key.json', JSON.stringify({ Hello: HELLO })), /key\.json: the key .*Hello.* is not/],
      [write('hash.json', JSON.stringify({ [idOf(ITEMS)]: HELLO })), /hash\.json: sha256:\w+: the key is not the sha256 of its document/],
      [write('syntax.json', JSON.stringify({ [idOf('query {')]: 'query {' })), /syntax\.json: .*Syntax Error/],
      [write('stale.json', JSON.stringify({ [idOf('{ gone }')]: '{ gone }' })), /stale\.json: .*Cannot query field .*gone/],
      [write('number.json', JSON.stringify({ [idOf(HELLO)]: 1 })), /number\.json: .*not a string/],
    ];
    for (const [path, message] of cases) {
      let error: unknown;
      try {
        loadTrustedDocuments([path], tinySchema);
      } catch (caught) {
        error = caught;
      }
      expect(error, path).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message, path).toMatch(/^BILLGRAPH_TRUSTED_DOCUMENTS must be manifests/);
      expect((error as ConfigError).message, path).toMatch(message);
    }
  });
});

describe('BILLGRAPH_TRUSTED_DOCUMENTS and BILLGRAPH_ARBITRARY_DOCUMENTS', () => {
  const jwt = { graphiql: false, authMode: 'jwt' };
  it('refuses arbitrary documents by default only in production with a manifest, without GraphiQL or the open sandbox mode', () => {
    const manifests = { BILLGRAPH_TRUSTED_DOCUMENTS: 'a.json, docs/' };
    expect(trustedDocumentSettings({ NODE_ENV: 'production', ...manifests }, jwt)).toEqual({
      manifests: ['a.json', 'docs/'],
      arbitrary: 'refused',
      arbitraryRole: null,
    });
    expect(trustedDocumentSettings({ ...manifests }, jwt).arbitrary).toBe('allowed');
    expect(trustedDocumentSettings({ NODE_ENV: 'production' }, jwt).arbitrary).toBe('allowed');
    expect(trustedDocumentSettings({ NODE_ENV: 'production', ...manifests }, { ...jwt, graphiql: true }).arbitrary).toBe('allowed');
    expect(trustedDocumentSettings({ NODE_ENV: 'production', ...manifests }, { ...jwt, authMode: 'sandbox' }).arbitrary).toBe('allowed');
    expect(trustedDocumentSettings({ ...manifests, BILLGRAPH_ARBITRARY_DOCUMENTS: 'refused' }, jwt).arbitrary).toBe('refused');
  });

  it('refuses settings that cannot work, naming the variable', () => {
    expect(() => trustedDocumentSettings({ BILLGRAPH_ARBITRARY_DOCUMENTS: 'refused' }, jwt)).toThrow(
      /^BILLGRAPH_ARBITRARY_DOCUMENTS must be/,
    );
    expect(() => trustedDocumentSettings({ BILLGRAPH_ARBITRARY_DOCUMENTS: 'maybe' }, jwt)).toThrow(
      /^BILLGRAPH_ARBITRARY_DOCUMENTS must be/,
    );
    expect(() => trustedDocumentSettings({ BILLGRAPH_ARBITRARY_DOCUMENTS_ROLE: 'internal' }, { ...jwt, authMode: 'sandbox' })).toThrow(
      /^BILLGRAPH_ARBITRARY_DOCUMENTS_ROLE must be set only with BILLGRAPH_AUTH_MODE=jwt/,
    );
  });
});
