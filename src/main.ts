import { createServer } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig, needsSandbox, type Config } from './config.js';
import { createMetricsServer } from './metrics/server.js';
import { withSandbox } from './sandbox/config.js';
import { SANDBOX_PUBLIC_KEYS } from './sandbox/credentials.js';
import { startSandbox, type Sandbox } from './sandbox/server.js';

/**
 * Process entry: config, the sandbox when nothing is configured, listen, graceful shutdown. The entry point,
 * not the configuration, knows the sandbox: it starts it and hands its URL and keys to the config.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    // The sandbox's keys are published: configuring one against a real upstream guards nothing.
    config = loadConfig(process.env, { publicKeys: SANDBOX_PUBLIC_KEYS });
  } catch (error) {
    exitOnConfigError(error);
  }

  let sandbox: Sandbox | null = null;
  if (needsSandbox(config)) {
    const port = process.env.SANDBOX_PORT ?? '0';
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535)
      exitOnConfigError(new ConfigError('SANDBOX_PORT', 'an integer from 0 to 65535', port));
    sandbox = await startSandbox({ host: '127.0.0.1', port: Number(port) });
    config = withSandbox(config, sandbox.url);
  }
  let app: ReturnType<typeof createApp>;
  try {
    app = createApp(config); // reads key files (JWKS): their errors are configuration errors too
  } catch (error) {
    exitOnConfigError(error);
  }
  const server = createServer(app.yoga);
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(`billgraph: cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
    console.log(`billgraph listening: ${config.graphiql ? 'GraphiQL at ' : ''}${where}`);
    if (sandbox) console.log(`sandbox upstreams at ${sandbox.url} (no provider credentials configured)`);
  });

  const metricsServer = config.metricsPort === null ? null : createMetricsServer(app.metrics);
  metricsServer?.on('error', (error: NodeJS.ErrnoException) => {
    console.error(`billgraph: cannot serve metrics on ${config.host}:${config.metricsPort}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  metricsServer?.listen(config.metricsPort ?? 0, config.host, () => {
    console.log(`billgraph metrics: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.metricsPort}/metrics`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`billgraph: ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    metricsServer?.close();
    server.close(async () => {
      await app.close();
      await sandbox?.close();
      clearTimeout(force);
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** One line naming the variable, exit 1 — never a stack trace for a bad setting. */
function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`billgraph: configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

void main();
