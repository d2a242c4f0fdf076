import type { TracingSettings } from '../config.js';

export interface Tracing {
  /** Exports what is buffered and stops; the drain's last step. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK when tracing is configured (docs/ARCHITECTURE.md section 11): the OTLP/HTTP
 * exporter, endpoint, headers, sampler and resource all come from the standard OTEL_* variables, read by the
 * SDK itself. The SDK is imported only here, so an unconfigured billgraph never loads it. No auto
 * instrumentation: billgraph makes its own operation, loader and upstream-attempt spans (src/telemetry).
 */
export async function startTracing(settings: TracingSettings): Promise<Tracing | null> {
  if (!settings.enabled) return null;
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    // OTEL_SERVICE_NAME wins when set (the env resource detector reads it); otherwise billgraph.
    ...(process.env.OTEL_SERVICE_NAME ? {} : { serviceName: settings.serviceName }),
    instrumentations: [],
    // Traces only: no OTLP log or metric pipelines (metrics are Prometheus, logs are stdout JSON).
    logRecordProcessors: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
