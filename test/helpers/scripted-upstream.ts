import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, type Listening } from './listen.js';

/** How the scripted upstream answers one request. */
export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export const answer =
  (status: number, body = '{}', headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

/** Drops the connection without answering. */
export const reset: Handler = (req) => req.socket.destroy();

/**
 * A real loopback HTTP upstream that plays a script: one handler per request, the last one repeated. Every
 * request it saw is kept; `held` answers are parked until the test releases them.
 */
export class ScriptedUpstream {
  script: Handler[] = [answer(200)];
  seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  readonly held: ServerResponse[] = [];
  private listening: Listening | null = null;
  origin = '';

  /** Parks the response until `release`: an upstream that is slow to answer. */
  readonly hold: Handler = (_req, res) => {
    this.held.push(res);
  };

  async start(): Promise<this> {
    this.listening = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        this.seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        this.script[Math.min(this.seen.length - 1, this.script.length - 1)]!(req, res, body);
      });
    });
    this.origin = this.listening.origin;
    return this;
  }

  /** A new script; what was seen is forgotten. */
  play(...script: Handler[]): void {
    this.script = script;
    this.seen = [];
  }

  /** Answers every parked response with `status`. */
  release(status: number, body = '{}'): void {
    for (const res of this.held.splice(0)) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    }
  }

  /** Resolves once the upstream has seen `count` requests (polling the event loop, no timers). */
  async waitForRequests(count: number): Promise<void> {
    for (let i = 0; i < 10_000 && this.seen.length < count; i++) await new Promise((r) => setImmediate(r));
    if (this.seen.length < count) throw new Error(`the upstream saw ${this.seen.length} requests, expected ${count}`);
  }

  async stop(): Promise<void> {
    this.release(503);
    await this.listening?.close();
  }
}
