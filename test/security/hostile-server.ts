/**
 * Child process for the hostile-input suite: a sandbox + billgraph (JWT mode) whose heap the test can
 * measure after a forced GC (run with --expose-gc). Logs go to stdout for the parent to inspect.
 * Messages: parent -> {type: 'heap'} answers {type: 'heap', heapUsed}; {type: 'close'} exits.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { withSandbox } from '../../src/sandbox/config.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { TEST_ENV } from '../helpers/harness.js';
import { JWT_ENV } from './support.js';

const sandbox = await startSandbox();
const config = withSandbox(
  loadConfig({
    ...TEST_ENV,
    ...JWT_ENV,
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    BILLGRAPH_CURSOR_SECRET: 'hostile-test-cursor-secret-0123456789abcdef',
  }),
  sandbox.url,
);
const app = createApp(config);
const server = createServer(app.yoga);
server.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
});

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', async (message: { type: string }) => {
  if (message.type === 'heap') {
    for (let i = 0; i < 4; i += 1) {
      gc?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    process.send!({ type: 'heap', heapUsed: process.memoryUsage().heapUsed, gc: Boolean(gc) });
  } else if (message.type === 'close') {
    server.closeAllConnections();
    server.close();
    await app.close();
    await sandbox.close();
    process.exit(0);
  }
});
