/** One Server-Sent Event as GraphQL over SSE sends it: `next` with an execution result, then `complete`. */
export interface SseEvent {
  event: string;
  data: any;
}

/** A GraphQL subscription over a real HTTP event stream, read as it arrives. */
export interface SseStream {
  status: number;
  contentType: string | null;
  /** Every event so far, in order. */
  events: SseEvent[];
  /** Resolves when `count` events of kind `next` have arrived (rejects after timeoutMs). */
  nexts(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** `document` is the subscription's text, or the id of a trusted document (what a manifest-only billgraph runs). */
export async function openSse(
  url: string,
  document: string | { documentId: string },
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ ...(typeof document === 'string' ? { query: document } : document), variables }),
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const ended = read(response, (event) => {
    events.push(event);
    for (const wake of waiters) wake();
  }).finally(() => {
    for (const wake of waiters) wake();
  });
  let done = false;
  void ended.then(
    () => (done = true),
    () => (done = true),
  );
  const stream: SseStream = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    ended,
    close: () => abort.abort(),
    nexts: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const nexts = events.filter((e) => e.event === 'next');
          if (nexts.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(nexts.slice(0, count));
          } else if (done) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`stream ended after ${nexts.length} of ${count} events: ${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${events.filter((e) => e.event === 'next').length} of ${count} events`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
  return stream;
}

async function read(response: Response, onEvent: (event: SseEvent) => void): Promise<void> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.replace(/^data: ?/, ''))
          .join('\n');
        if (event === undefined && !data) continue; // a keep-alive comment
        onEvent({ event: event ?? 'message', data: data ? JSON.parse(data) : null });
      }
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}
