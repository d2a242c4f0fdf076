/**
 * Whether this instance should get traffic, as a list of named checks (docs/ARCHITECTURE.md section 11).
 * Anything that can make an instance unfit to serve adds one check: `readiness.add('breakers', ...)`.
 */
export interface CheckResult {
  ok: boolean;
  /** Shown in /readyz's JSON (never a secret, never a customer). */
  detail?: unknown;
}

export type ReadinessCheck = () => CheckResult | Promise<CheckResult>;

export interface ReadinessReport {
  status: 'ready' | 'not ready';
  checks: Record<string, CheckResult>;
}

/** A check that takes longer than this counts as failed: a probe must answer within its own timeout. */
const CHECK_TIMEOUT_MS = 1_000;

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private drainingSince: number | null = null;

  constructor() {
    this.add('draining', () => ({ ok: this.drainingSince === null, detail: this.drainingSince === null ? 'serving' : 'draining' }));
  }

  /** Adds (or replaces) a named check. */
  add(name: string, check: ReadinessCheck): this {
    this.checks.set(name, check);
    return this;
  }

  /** From now on /readyz answers 503 (SIGTERM, docs/ARCHITECTURE.md section 11). */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /** Runs every check at once; ready only when all pass. */
  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await runCheck(check)] as const));
    const checks = Object.fromEntries(entries);
    return { status: entries.every(([, result]) => result.ok) ? 'ready' : 'not ready', checks };
  }
}

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
