import { type Env, flag, oneOf, text, url } from './env.js';
import { ConfigError } from './errors.js';

/**
 * OpenTelemetry tracing, configured by the standard OTEL_* variables (the SDK reads them itself; they are
 * validated here so a typo stops the process with one line, docs/ARCHITECTURE.md section 12). Tracing is on
 * only when an OTLP endpoint is named: unconfigured, nothing of the SDK is even loaded.
 */
export interface TracingSettings {
  enabled: boolean;
  /** The OTLP/HTTP encoding: protobuf (the OpenTelemetry default) or JSON. */
  protocol: 'http/protobuf' | 'http/json';
  serviceName: string;
}

const PROTOCOLS = ['http/protobuf', 'http/json'] as const;

export function tracingSettings(env: Env): TracingSettings {
  const endpoint = url(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const disabled = flag(env, 'OTEL_SDK_DISABLED', false);
  const exporter = text(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase() ?? 'otlp';
  if (exporter !== 'otlp' && exporter !== 'none') throw new ConfigError('OTEL_TRACES_EXPORTER', 'otlp or none', exporter);
  const protocol =
    text(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') !== null
      ? oneOf(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', PROTOCOLS, 'http/protobuf')
      : oneOf(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', PROTOCOLS, 'http/protobuf');
  return {
    enabled: endpoint !== null && !disabled && exporter === 'otlp',
    protocol,
    serviceName: text(env, 'OTEL_SERVICE_NAME') ?? 'billgraph',
  };
}
