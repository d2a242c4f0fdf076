import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/http/single-flight.js';

describe('one upstream read shared by concurrent identical requests', () => {
  it('200 concurrent identical reads cost one call; a read after it settles costs another', async () => {
    const flights = new SingleFlight();
    let calls = 0;
    const read = () => new Promise<string>((resolve) => setTimeout(() => resolve(`answer ${++calls}`), 10));
    const answers = await Promise.all(Array.from({ length: 200 }, () => flights.run('stripe:k GET /v1/invoices', read)));
    expect(calls).toBe(1);
    expect(new Set(answers)).toEqual(new Set(['answer 1']));
    expect(flights.joined).toBe(199);
    expect(flights.size).toBe(0);
    await flights.run('stripe:k GET /v1/invoices', read);
    expect(calls).toBe(2);
  });

  it('reads with other keys (another credential, another path) are not shared, and a failure is not kept', async () => {
    const flights = new SingleFlight();
    let calls = 0;
    const fail = async () => {
      calls += 1;
      throw new Error('upstream down');
    };
    await Promise.allSettled([flights.run('a GET /x', fail), flights.run('b GET /x', fail), flights.run('a GET /y', fail)]);
    expect(calls).toBe(3);
    await expect(flights.run('a GET /x', fail)).rejects.toThrow('upstream down');
    expect(calls).toBe(4);
  });
});
