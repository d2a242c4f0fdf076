import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as the OTLP/HTTP JSON exporter sends it (the fields the trace tests read). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  links?: { traceId: string; spanId: string }[];
  /** Absent or `{}` while unset; `{ code: 2 }` is ERROR. */
  status?: { code?: number; message?: string };
}

/** One attribute's value: numbers as numbers, arrays of strings as arrays. */
export function attr(span: OtlpSpan, key: string): unknown {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  if ('intValue' in value) return Number(value.intValue);
  if ('arrayValue' in value) return ((value.arrayValue as { values?: { stringValue: string }[] }).values ?? []).map((v) => v.stringValue);
  return Object.values(value)[0];
}

export interface OtlpReceiver {
  server: Server;
  url: string;
  /** Every JSON body POSTed to /v1/traces, as sent. */
  bodies: string[];
  /** Every span of every body. */
  spans(): OtlpSpan[];
  close(): Promise<void>;
}

/** The environment that makes billgraph export its spans to `receiver` (OTLP/HTTP, JSON). */
export function exportingTo(receiver: OtlpReceiver): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
}

/** A minimal OTLP/HTTP receiver: keeps every JSON body POSTed to /v1/traces. */
export async function startReceiver(): Promise<OtlpReceiver> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST' && String(req.headers['content-type']).includes('json')) bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    spans: () =>
      bodies.flatMap((body) => JSON.parse(body).resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
