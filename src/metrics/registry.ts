/**
 * A small Prometheus registry: counters, histograms and gauges rendered in the text exposition format
 * (version 0.0.4). Every label set is bounded by the caller (codes, providers, statuses — never ids or
 * operation names a client chose), and each metric also caps its series, so no request can grow memory.
 */

type Labels = Readonly<Record<string, string>>;

const MAX_SERIES_PER_METRIC = 500;
/** Where label sets beyond the cap are counted, so the total stays right. */
const OVERFLOW = 'other';

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(names: readonly string[], values: readonly string[], extra = ''): string {
  const parts = names.map((name, i) => `${name}="${escapeLabel(values[i] ?? '')}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isInteger(value) ? String(value) : value.toPrecision(15).replace(/\.?0+$/, '');
}

interface Metric {
  render(): string;
}

abstract class LabelledMetric<S> implements Metric {
  private readonly series = new Map<string, { values: string[]; state: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  protected abstract readonly type: string;
  protected abstract fresh(): S;
  protected abstract renderSeries(labels: readonly string[], state: S): string[];

  protected stateFor(labels: Labels): S {
    let values = this.labelNames.map((name) => labels[name] ?? '');
    let key = values.join('\u0000');
    let entry = this.series.get(key);
    if (!entry && this.series.size >= MAX_SERIES_PER_METRIC) {
      values = this.labelNames.map(() => OVERFLOW);
      key = values.join('\u0000');
      entry = this.series.get(key);
    }
    if (!entry) {
      entry = { values, state: this.fresh() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const { values, state } of this.series.values()) lines.push(...this.renderSeries(values, state));
    return lines.join('\n');
  }
}

export class Counter extends LabelledMetric<{ value: number }> {
  protected readonly type = 'counter';
  protected fresh() {
    return { value: 0 };
  }
  inc(labels: Labels = {}, by = 1): void {
    this.stateFor(labels).value += by;
  }
  protected renderSeries(values: readonly string[], state: { value: number }): string[] {
    return [`${this.name}${formatLabels(this.labelNames, values)} ${formatNumber(state.value)}`];
  }
}

interface HistogramState {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends LabelledMetric<HistogramState> {
  protected readonly type = 'histogram';
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
  }
  protected fresh(): HistogramState {
    return { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
  }
  observe(value: number, labels: Labels = {}): void {
    const state = this.stateFor(labels);
    // Buckets are cumulative in the exposition; here each observation lands in its first bucket only.
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) state.counts[index]! += 1;
    state.sum += value;
    state.count += 1;
  }
  protected renderSeries(values: readonly string[], state: HistogramState): string[] {
    const lines: string[] = [];
    let cumulative = 0;
    this.buckets.forEach((bound, i) => {
      cumulative += state.counts[i]!;
      lines.push(`${this.name}_bucket${formatLabels(this.labelNames, values, `le="${formatNumber(bound)}"`)} ${cumulative}`);
    });
    lines.push(`${this.name}_bucket${formatLabels(this.labelNames, values, 'le="+Inf"')} ${state.count}`);
    lines.push(`${this.name}_sum${formatLabels(this.labelNames, values)} ${formatNumber(state.sum)}`);
    lines.push(`${this.name}_count${formatLabels(this.labelNames, values)} ${state.count}`);
    return lines;
  }
}

/** A value read when scraped (memory, event-loop delay); `counter` when it only grows (CPU time). */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
    private readonly type: 'gauge' | 'counter' = 'gauge',
  ) {}
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`, `${this.name} ${formatNumber(this.read())}`].join('\n');
  }
}

/** Values read when scraped, one per label set (e.g. breakers by provider and state). */
export class LabelledGauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    private readonly read: () => { labels: Labels; value: number }[],
  ) {}
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.read().slice(0, MAX_SERIES_PER_METRIC)) {
      const values = this.labelNames.map((name) => labels[name] ?? '');
      lines.push(`${this.name}${formatLabels(this.labelNames, values)} ${formatNumber(value)}`);
    }
    return lines.join('\n');
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  register<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }
  /** The whole registry in Prometheus text format. */
  render(): string {
    return `${this.metrics.map((metric) => metric.render()).join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
