import { describe, expect, it } from 'vitest';
import { isSharedAnswer, SingleFlight } from '../../src/http/single-flight.js';

describe('answers single flight shared', () => {
  const slowAnswer = () => new Promise<{ invoices: string[] }>((resolve) => setTimeout(() => resolve({ invoices: ['in_1'] }), 10));

  it('an answer several callers received is marked shared before any of them sees it', async () => {
    const flight = new SingleFlight();
    const seen: boolean[] = [];
    const read = () => flight.run('GET /history', slowAnswer).then((answer) => (seen.push(isSharedAnswer(answer)), answer));
    const [a, b] = await Promise.all([read(), read()]);
    expect(b).toBe(a);
    expect(seen).toEqual([true, true]);
  });

  it('an answer one caller alone received is not', async () => {
    const flight = new SingleFlight();
    const answer = await flight.run('GET /history', slowAnswer);
    expect(isSharedAnswer(answer)).toBe(false);
    expect(isSharedAnswer(await flight.run('GET /history', slowAnswer))).toBe(false);
  });

  it('answers that are no objects pass through unmarked', async () => {
    const flight = new SingleFlight();
    const read = () => flight.run('GET /count', async () => 7);
    expect(await Promise.all([read(), read()])).toEqual([7, 7]);
  });
});
