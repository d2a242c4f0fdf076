// Types for scripts/heap-bound.mjs (plain JavaScript, so `npm start` needs no build step), for the benchmarks.
export declare const DEFAULT_HEAP_MB: number;
export declare function heapBoundMb(env: NodeJS.ProcessEnv, execArgv: readonly string[]): number | null;
export declare function heapFlag(env?: NodeJS.ProcessEnv, execArgv?: readonly string[]): string;
