import { describe, expect, it } from 'vitest';
import { Counter, Histogram, Registry } from '../../src/metrics/registry.js';

describe('the Prometheus registry', () => {
  it('renders HELP, TYPE and escaped label values', () => {
    const registry = new Registry();
    const counter = registry.register(new Counter('demo_total', 'A demo.', ['code']));
    counter.inc({ code: 'a"b\\c\nd' }, 2);
    counter.inc({ code: 'plain' });
    expect(registry.render()).toBe(
      [
        '# HELP demo_total A demo.',
        '# TYPE demo_total counter',
        'demo_total{code="a\\"b\\\\c\\nd"} 2',
        'demo_total{code="plain"} 1',
        '',
      ].join('\n'),
    );
  });

  it('caps the series of a metric, counting the rest under "other" so totals stay right', () => {
    const counter = new Counter('capped_total', 'Capped.', ['id']);
    for (let i = 0; i < 2_000; i += 1) counter.inc({ id: `id-${i}` });
    const lines = counter.render().split('\n').slice(2);
    expect(lines).toHaveLength(501);
    expect(lines.at(-1)).toBe('capped_total{id="other"} 1500');
    expect(lines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0)).toBe(2_000);
  });

  it('histogram buckets are cumulative, with +Inf, sum and count', () => {
    const histogram = new Histogram('wait_seconds', 'Waits.', [], [0.1, 1]);
    for (const seconds of [0.05, 0.1, 0.5, 3]) histogram.observe(seconds);
    expect(histogram.render().split('\n').slice(2)).toEqual([
      'wait_seconds_bucket{le="0.1"} 2',
      'wait_seconds_bucket{le="1"} 3',
      'wait_seconds_bucket{le="+Inf"} 4',
      'wait_seconds_sum 3.65',
      'wait_seconds_count 4',
    ]);
  });
});
