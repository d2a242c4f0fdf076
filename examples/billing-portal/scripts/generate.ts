// Regenerates src/gql (typed documents + persisted-documents.json) and formats it with the repo's Prettier
// settings, so `npm run lint` stays clean. `checkPortalDocuments()` is the drift check: the e2e test runs it,
// and scripts/check-drift.ts can call it too.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import * as prettier from 'prettier';
import config, { GENERATED_DIR } from '../codegen.js';

/** Runs codegen into `outDir` (ending in /) and formats every file there as the committed ones are. */
export async function generatePortalDocuments(outDir: string): Promise<void> {
  const target = Object.values(config.generates)[0];
  await generate({ ...config, silent: true, generates: { [outDir]: target as never } }, true);
  for (const file of readdirSync(outDir)) {
    const path = join(outDir, file);
    // Prettier's options come from the committed location, whatever directory the files were written to.
    const options = await prettier.resolveConfig(join(GENERATED_DIR, file));
    writeFileSync(path, await prettier.format(readFileSync(path, 'utf8'), { ...options, filepath: join(GENERATED_DIR, file) }));
  }
}

/** What differs between the committed src/gql and a fresh generation (empty when nothing drifted). */
export async function checkPortalDocuments(): Promise<string[]> {
  const outDir = `${mkdtempSync(join(tmpdir(), 'billing-portal-codegen-'))}/`;
  try {
    await generatePortalDocuments(outDir);
    const fresh = readdirSync(outDir).sort();
    const committed = readdirSync(GENERATED_DIR).sort();
    const problems: string[] = [];
    if (fresh.join() !== committed.join())
      problems.push(`examples/billing-portal/src/gql has ${committed.join(', ')}; codegen makes ${fresh.join(', ')}`);
    for (const file of fresh) {
      if (committed.includes(file) && readFileSync(join(outDir, file), 'utf8') !== readFileSync(join(GENERATED_DIR, file), 'utf8'))
        problems.push(
          `examples/billing-portal/src/gql/${file} is stale: run \`node --import tsx examples/billing-portal/scripts/generate.ts\``,
        );
    }
    return problems;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) {
    const problems = await checkPortalDocuments();
    for (const problem of problems) console.error(`drift: ${problem}`);
    process.exit(problems.length ? 1 : 0);
  }
  await generatePortalDocuments(GENERATED_DIR);
  console.log(`typed documents and persisted-documents.json written to ${GENERATED_DIR}`);
}
