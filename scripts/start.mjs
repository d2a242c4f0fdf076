/* global process, console */
// Run by scripts/start.sh (`npm start`): without NODE_ENV=production, TypeScript through tsx, so a newcomer's
// `npm install && npm start` needs no build step. With it, `--prepare <entry>` builds dist/ when it is missing or
// older than src/ and prints the heap flag for start.sh to exec node with; run directly
// (`node [flags] scripts/start.mjs main`, as the benchmarks do to give node flags) it builds and runs dist/ in
// this process with the heap node was given.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { heapFlag } from './heap-bound.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prepareOnly = process.argv[2] === '--prepare';
const entry = process.argv[prepareOnly ? 3 : 2] ?? 'main';

/** The newest modification time of any file below `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    latest = Math.max(latest, name.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** dist/<entry>.js, built first when missing or stale; the build's output goes to stderr (stdout is the flag). */
function compiledEntry() {
  const compiled = join(root, 'dist', `${entry}.js`);
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < newest(join(root, 'src'))) {
    console.error('billgraph: building dist/ (npm run build)');
    const built = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  return compiled;
}

if (process.env.NODE_ENV !== 'production') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', `${entry}.ts`)).href);
} else if (prepareOnly) {
  compiledEntry();
  console.log(heapFlag());
} else {
  await import(pathToFileURL(compiledEntry()).href);
}
