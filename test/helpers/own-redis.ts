import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './listen.js';

export interface OwnRedis {
  port: number;
  url: string;
  /** A client of its own, for INFO and CLIENT LIST. */
  admin: Redis;
  /** SIGSTOP: the server holds its connections and answers nothing, as a hung Redis does. */
  freeze(): void;
  thaw(): void;
  stop(): void;
}

/** A redis-server of the test's own on a free port, so freezing it troubles no other test. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const admin = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
  admin.on('error', () => {}); // refused until the server is up
  for (let tries = 0; (await admin.ping().catch(() => null)) !== 'PONG'; tries++) {
    if (tries > 100) throw new Error(`redis-server did not start on port ${port}`);
    await sleep(50);
  }
  const signal = (name: NodeJS.Signals) => server.pid && process.kill(server.pid, name);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    admin,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    stop() {
      signal('SIGCONT');
      admin.disconnect();
      server.kill('SIGKILL');
    },
  };
}
