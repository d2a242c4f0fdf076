// Fails when the committed schema/schema.graphql or src/client/generated differ from what the code
// produces now: a schema change must be printed and the typed client regenerated in the same commit.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import codegenConfig from '../codegen.js';
import { schema } from '../src/schema/index.js';

const problems: string[] = [];

const printed = `${printSchema(schema)}\n`;
if (readFileSync('schema/schema.graphql', 'utf8') !== printed) {
  problems.push('schema/schema.graphql is not what the Pothos code prints: run `npm run schema:print` and commit it');
}

const outDir = mkdtempSync(join(tmpdir(), 'billgraph-codegen-'));
try {
  const target = Object.values(codegenConfig.generates)[0];
  await generate({ ...codegenConfig, silent: true, generates: { [`${outDir}/`]: target as never } }, true);
  const committedDir = 'src/client/generated';
  const fresh = readdirSync(outDir).sort();
  const committed = readdirSync(committedDir).sort();
  if (fresh.join() !== committed.join())
    problems.push(`src/client/generated has files ${committed.join(', ')}; codegen makes ${fresh.join(', ')}`);
  for (const file of fresh) {
    if (committed.includes(file) && readFileSync(join(outDir, file), 'utf8') !== readFileSync(join(committedDir, file), 'utf8')) {
      problems.push(`src/client/generated/${file} is stale: run \`npm run codegen\` and commit it`);
    }
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

if (problems.length) {
  for (const problem of problems) console.error(`drift: ${problem}`);
  process.exit(1);
}
console.log('drift check: schema and typed client match the code');
