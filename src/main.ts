import { createServer } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig, needsSandbox, type Config } from './config.js';
import { drain } from './lifecycle/drain.js';
import { InFlight } from './lifecycle/in-flight.js';
import { createMetricsServer } from './metrics/server.js';
import { withSandbox, withSandboxWebhooks } from './sandbox/config.js';
import { SANDBOX_PUBLIC_KEYS } from './sandbox/credentials.js';
import { startSandbox, type Sandbox } from './sandbox/server.js';
import { startTracing } from './telemetry/sdk.js';

/**
 * Process entry: config, tracing, the sandbox when nothing is configured, listen, and the graceful drain on
 * SIGTERM/SIGINT (docs/ARCHITECTURE.md section 11). The entry point, not the configuration, knows the
 * sandbox: it starts it and hands its URL and keys to the config.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    // The sandbox's keys are published: configuring one against a real upstream guards nothing.
    config = loadConfig(process.env, { publicKeys: SANDBOX_PUBLIC_KEYS });
  } catch (error) {
    exitOnConfigError(error);
  }
  // Before the app is built, so every span it makes reaches the exporter.
  const tracing = await startTracing(config.tracing);

  const started = needsSandbox(config) ? await sandboxFor(config) : null;
  if (started) config = started.config;
  let app: ReturnType<typeof createApp>;
  try {
    app = createApp(config); // reads key files (JWKS): their errors are configuration errors too
  } catch (error) {
    exitOnConfigError(error);
  }
  const server = createServer();
  const inFlight = new InFlight(server);
  server.on('request', inFlight.track(app.handler));
  listen(server, config, config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`billgraph listening: ${config.graphiql ? 'GraphiQL at ' : ''}${displayHost(config)}:${port}/graphql`);
    if (started) connectSandbox(started, config, port);
  });
  // Metrics stay up through the drain, so the last scrape sees the final counts.
  const metricsServer = config.metricsPort === null ? null : createMetricsServer(app.metrics);
  if (metricsServer && config.metricsPort !== null) {
    listen(metricsServer, config, config.metricsPort, () =>
      console.log(`billgraph metrics: ${displayHost(config)}:${config.metricsPort}/metrics`),
    );
  }

  onStopSignals(
    (signal) =>
      (message, fields = {}) =>
        app.logger.info({ lifecycle: signal, ...fields }, message),
    (log) =>
      drain({
        server,
        inFlight,
        readiness: app.readiness,
        settings: config.lifecycle,
        log,
        endStreams: () => app.endLiveStreams(),
        cleanup: async () => {
          metricsServer?.close().closeAllConnections();
          await Promise.all([app.close(), started?.sandbox.close()]);
        },
        flush: async () => {
          await tracing?.shutdown();
          app.logger.flush();
        },
      }),
  );
}

/** The sandbox on SANDBOX_PORT, the config pointed at it, and its webhooks wired to this billgraph once it listens. */
async function sandboxFor(
  config: Config,
): Promise<{ sandbox: Sandbox; config: Config; connect: (sandbox: Sandbox, billgraphUrl: string) => void }> {
  const port = process.env.SANDBOX_PORT ?? '0';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535)
    exitOnConfigError(new ConfigError('SANDBOX_PORT', 'an integer from 0 to 65535', port));
  const sandbox = await startSandbox({ host: '127.0.0.1', port: Number(port) });
  const wired = withSandboxWebhooks(withSandbox(config, sandbox.url));
  return { sandbox, ...wired };
}

/** Points the sandbox's webhooks at this billgraph, now that its port is known, and says how to try it. */
function connectSandbox(started: Awaited<ReturnType<typeof sandboxFor>>, config: Config, port: number): void {
  const { sandbox } = started;
  console.log(`sandbox upstreams at ${sandbox.url} (no provider credentials configured)`);
  started.connect(sandbox, `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`);
  console.log(`sandbox webhooks -> ${displayHost(config)}:${port}${config.webhooks.path}/{stripe,flexprice}`);
  console.log(`  try: curl -X POST ${sandbox.url}/__sandbox/stripe/invoices/<id>/pay`);
}

type Log = (message: string, fields?: Record<string, unknown>) => void;

/** SIGTERM or SIGINT starts the drain and exits with its code; a second signal exits at once. */
function onStopSignals(logFor: (signal: NodeJS.Signals) => Log, stop: (log: Log) => Promise<number>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`billgraph: second ${signal}, exiting now`);
      process.exit(1);
    }
    stopping = true;
    void stop(logFor(signal)).then((code) => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function listen(server: ReturnType<typeof createServer>, config: Config, port: number, onListening: () => void): void {
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(`billgraph: cannot listen on ${config.host}:${port}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  server.listen(port, config.host, onListening);
}

const displayHost = (config: Config) => `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}`;

/** One line naming the variable, exit 1 — never a stack trace for a bad setting. */
function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`billgraph: configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

void main();
