import type { IncomingMessage, ServerResponse } from 'node:http';

/** The sandbox server's HTTP plumbing: read a bounded body, write an answer whole or stalled. */

const MAX_BODY = 1024 * 1024;

export function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body).toString(), ...headers });
  res.end(body);
}

/** Headers and the first half of the body now, the rest after `ms`: a body that stalls mid-way. */
export async function stallBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  ms: number,
): Promise<void> {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  res.writeHead(status, { 'content-length': bytes.length.toString(), ...headers });
  res.write(bytes.subarray(0, half));
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (!res.destroyed) res.end(bytes.subarray(half));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large for the sandbox');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
