/**
 * Principal B of the flood bench (bench/budgets.ts), in a process of its own so that its latencies are not
 * those of the load generator's event loop, which drives the 200 flooding connections beside it.
 * `node --import tsx bench/paced-caller.ts <port> <seconds>` with the JWT and query in PACED_JWT / PACED_QUERY:
 * one request at a time, at most one a second (a person paging), then one JSON line of answers on stdout.
 */
import { request } from 'undici';

const [port, seconds] = process.argv.slice(2).map(Number);
const answers: { ms: number; status: number; codes: string[] }[] = [];
const until = Date.now() + seconds! * 1_000;
while (Date.now() < until) {
  const next = Date.now() + 1_000;
  const started = performance.now();
  const response = await request(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.PACED_JWT}` },
    body: JSON.stringify({ query: process.env.PACED_QUERY }),
  });
  const body = (await response.body.json()) as { errors?: { extensions?: { code?: string } }[] };
  answers.push({
    ms: performance.now() - started,
    status: response.statusCode,
    codes: (body.errors ?? []).map((e) => e.extensions?.code ?? '?'),
  });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
}
console.log(JSON.stringify(answers));
