import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The drain and tracing settings (src/config/lifecycle.ts, src/config/telemetry.ts). */
describe('lifecycle and tracing settings', () => {
  it('drains for 5 s and then gives requests longer than the upstream deadline', () => {
    expect(loadConfig({}).lifecycle).toEqual({ drainDelayMs: 5_000, shutdownGraceMs: 20_000 });
    expect(loadConfig({ UPSTREAM_TIMEOUT_MS: '30000' }).lifecycle.shutdownGraceMs).toBe(35_000);
    expect(loadConfig({ BILLGRAPH_DRAIN_DELAY_MS: '0', BILLGRAPH_SHUTDOWN_GRACE_MS: '16000' }).lifecycle).toEqual({
      drainDelayMs: 0,
      shutdownGraceMs: 16_000,
    });
  });

  it('refuses a grace that would cut a request waiting on the upstream', () => {
    expect(() => loadConfig({ BILLGRAPH_SHUTDOWN_GRACE_MS: '10000' })).toThrow(ConfigError);
    expect(() => loadConfig({ BILLGRAPH_SHUTDOWN_GRACE_MS: '10000' })).toThrow(
      /^BILLGRAPH_SHUTDOWN_GRACE_MS must be more than UPSTREAM_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ BILLGRAPH_DRAIN_DELAY_MS: 'soon' })).toThrow(/^BILLGRAPH_DRAIN_DELAY_MS must be/);
  });

  it('traces only when an OTLP endpoint is named, over HTTP, unless disabled', () => {
    expect(loadConfig({}).tracing.enabled).toBe(false);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).tracing).toEqual({
      enabled: true,
      protocol: 'http/protobuf',
      serviceName: 'billgraph',
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).tracing
        .protocol,
    ).toBe('http/json');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).tracing.enabled).toBe(false);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing.enabled).toBe(false);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /^OTEL_EXPORTER_OTLP_PROTOCOL must be one of http\/protobuf, http\/json/,
    );
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/^OTEL_EXPORTER_OTLP_ENDPOINT must be/);
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/^OTEL_TRACES_EXPORTER must be otlp or none/);
  });
});
