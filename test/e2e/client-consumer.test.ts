import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/** Production needs a cursor-signing secret of its own (src/config/cursors.ts). */
const CURSOR_SECRET = 'test-cursor-secret-0123456789-abcdefghij';

/**
 * A consuming app outside the repo, as a frontend team starts one: billgraph packed with `npm pack` (its
 * `exports` and `files`, built by `npm run build:client`) and unpacked into the app's node_modules, codegen
 * of its own operation from the schema the package ships, tsc, then the compiled app run with urql against
 * billgraph on the sandbox, which runs trusted documents only. Offline: the app's other packages are
 * symlinks to the repo's node_modules, and npm never installs anything.
 */
const REPO = resolve(import.meta.dirname, '../..');
const TEMPLATE = join(REPO, 'test/e2e/consumer');
const run = promisify(execFile);
const node = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, args, { cwd, env: { ...process.env, NODE_ENV: '', ...env }, maxBuffer: 10_000_000 });

describe('a consumer project outside the repo installs billgraph/client, generates its own operation, type-checks and runs it', () => {
  let work: string;
  let app: string;
  let h: Harness;
  let reference: Harness;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'billgraph-consumer-'));
    app = join(work, 'app');
    mkdirSync(join(app, 'src'), { recursive: true });
    // The package as npm would publish it: built client, then packed by npm itself (offline, no scripts).
    await run('npm', ['run', '-s', 'build:client'], { cwd: REPO });
    const { stdout } = await run('npm', ['pack', '--json', '--offline', '--ignore-scripts', '--pack-destination', work], { cwd: REPO });
    const { filename } = (JSON.parse(stdout) as { filename: string }[])[0]!;
    const modules = join(app, 'node_modules');
    mkdirSync(join(modules, 'billgraph'), { recursive: true });
    await run('tar', ['-xzf', join(work, filename), '-C', join(modules, 'billgraph'), '--strip-components=1']);
    const shared = realpathSync(join(REPO, 'node_modules'));
    for (const name of readdirSync(shared)) if (name !== 'billgraph') symlinkSync(join(shared, name), join(modules, name));
    copyFileSync(join(TEMPLATE, 'codegen.ts'), join(app, 'codegen.ts'));
    copyFileSync(join(TEMPLATE, 'tsconfig.json'), join(app, 'tsconfig.json'));
    copyFileSync(join(TEMPLATE, 'main.ts'), join(app, 'src/main.ts'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'billing-app', private: true, type: 'module' }));
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await reference?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the package ships the compiled client with its types, its manifest and the schema, nothing of src/', async () => {
    const files = (
      await run('tar', [
        '-tzf',
        join(
          work,
          readdirSync(work).find((f) => f.endsWith('.tgz'))!,
        ),
      ])
    ).stdout.split('\n');
    for (const file of [
      'package/package.json',
      'package/dist/client/index.js',
      'package/dist/client/index.d.ts',
      'package/dist/client/generated/graphql.js',
      'package/dist/client/generated/persisted-documents.json',
      'package/schema/schema.graphql',
    ])
      expect(files).toContain(file);
    expect(files.filter((file) => file.startsWith('package/src/') || file.startsWith('package/test/'))).toEqual([]);
  });

  it('generates, type-checks (the types refuse what they must) and runs with urql, sending documentIds only', async () => {
    await node(app, ['node_modules/@graphql-codegen/cli/esm/bin.js', '--config', 'codegen.ts', '--silent']);
    const manifest = JSON.parse(readFileSync(join(app, 'src/gql/persisted-documents.json'), 'utf8')) as Record<string, string>;
    expect(Object.values(manifest)).toEqual([expect.stringMatching(/^query NextInvoice\(\$customer: String\)/)]);
    const tsc = await node(app, ['node_modules/typescript/bin/tsc', '-p', '.']).catch((error: { stdout: string }) => error);
    expect(tsc.stdout).toBe('');

    // billgraph as production runs it with two apps' manifests side by side: this one's and billgraph/client's.
    const manifests = [
      join(app, 'src/gql/persisted-documents.json'),
      join(app, 'node_modules/billgraph/dist/client/generated/persisted-documents.json'),
    ];
    h = await startHarness({
      NODE_ENV: 'production',
      BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET,
      BILLGRAPH_TRUSTED_DOCUMENTS: manifests.join(','),
      BILLGRAPH_ARBITRARY_DOCUMENTS: 'refused',
    });
    reference = await startHarness({}, { sandbox: h.sandbox });
    const { stdout } = await node(app, ['build/main.js'], { BILLGRAPH_URL: h.url, CUSTOMER: STRIPE_DEFAULT_CUSTOMER });
    const result = JSON.parse(stdout);

    const expected = (
      await reference.graphql(
        '{ upcomingInvoice(provider: STRIPE) { amountDue { amount } lines(first: 10) { nodes { amount { amount } } } } }',
      )
    ).body.data.upcomingInvoice;
    expect(result).toEqual({
      own: { amount: expected.amountDue.amount, lines: expected.lines.nodes.map((line: any) => line.amount.amount) },
      packaged: expected.amountDue.amount,
      executed: expected.amountDue.amount,
      asText: ['FORBIDDEN'], // the same document as text: refused, so the answers above came by documentId
    });
    expect(result.own.lines.length).toBeGreaterThan(1);
  }, 120_000);
});
