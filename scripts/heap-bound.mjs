/* global process, console */
// The V8 heap bound production starts billgraph with (scripts/start.sh; README "Memory").

const HEAP_FLAG = '--max-old-space-size';
export const DEFAULT_HEAP_MB = 1024;

/**
 * The old-space bound, MB, to start billgraph with; null to leave node as it is. V8 sizes its heap from the
 * machine (4.3 GB on a 24 GB one) and, under a high allocation rate, grows towards that rather than collect: RSS
 * ~400 MB where the data held is a small part. Below about 1 GB its heuristics collect sooner: bench/heap.ts
 * measured RSS 394 → 233 MB (50 connections of 100-invoice pages) for 8-15 % more CPU per answer at 1024 MB, 213 MB
 * for 30 % more at 256 MB. So production bounds it (BILLGRAPH_MAX_HEAP_MB, default 1024; 0 = V8's own sizing). A
 * bound the operator gave node already (NODE_OPTIONS or a flag) is kept as it is.
 */
export function heapBoundMb(env, execArgv) {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((flag) => flag.startsWith(HEAP_FLAG))) return null;
  const raw = env.BILLGRAPH_MAX_HEAP_MB ?? String(DEFAULT_HEAP_MB);
  if (!/^\d{1,6}$/.test(raw) || (Number(raw) > 0 && Number(raw) < 64)) {
    console.error(`billgraph: BILLGRAPH_MAX_HEAP_MB must be 0 (V8's own sizing) or a whole number of MB from 64, got "${raw}"`);
    process.exit(1);
  }
  return Number(raw) === 0 ? null : Number(raw);
}

/** The node flag that starts billgraph with that bound, or '' for none. V8 takes it only when a process starts. */
export function heapFlag(env = process.env, execArgv = process.execArgv) {
  const heapMb = heapBoundMb(env, execArgv);
  return heapMb === null ? '' : `${HEAP_FLAG}=${heapMb}`;
}
