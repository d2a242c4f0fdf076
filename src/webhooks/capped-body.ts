/**
 * A request body read up to `maxBytes`: null when it is larger, known from Content-Length before anything is
 * read, or found while streaming (the rest is never read: the stream is cancelled).
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Buffer | null> {
  const length = request.headers.get('content-length');
  if (length !== null && (!/^\d{1,12}$/.test(length) || Number(length) > maxBytes)) return null;
  if (request.body === null) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
