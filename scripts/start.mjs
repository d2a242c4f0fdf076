/* global process, console */
// `npm start`: with NODE_ENV=production, plain node on the compiled dist/ (built first when it is missing or
// older than src/), so operators, the container and the benchmarks run one path; otherwise TypeScript through
// tsx, so a newcomer's `npm install && npm start` needs no build step. Production bounds V8's heap
// (scripts/heap-bound.mjs, BILLGRAPH_MAX_HEAP_MB).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startWithHeapBound } from './heap-bound.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2] ?? 'main';

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

if (process.env.NODE_ENV === 'production') {
  const compiled = join(root, 'dist', `${entry}.js`);
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < newest(join(root, 'src'))) {
    console.log('billgraph: building dist/ (npm run build)');
    const built = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  await startWithHeapBound(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', `${entry}.ts`)).href);
}
