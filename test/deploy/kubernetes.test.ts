import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config.js';

/**
 * The Kubernetes manifests, checked without a cluster: the objects a deployment needs are there, and every
 * variable they set is one billgraph reads, with values its configuration accepts. Renaming a variable in
 * src/config without updating deploy/ fails here.
 */
const dir = join(import.meta.dirname, '../../deploy/kubernetes');
type K8sObject = { kind: string; metadata: { name: string }; [key: string]: any };

const kustomization = parseAllDocuments(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'))[0]!.toJS();
const objects: K8sObject[] = (kustomization.resources as string[]).flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as K8sObject;
  }),
);
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
const deployment = byKind('Deployment')[0]!;
const container = deployment.spec.template.spec.containers[0];
const configMap = byKind('ConfigMap')[0]!;
const secret = byKind('Secret')[0]!;

/**
 * Settings the manifests leave to billgraph's defaults on purpose, each group with the reason. Every variable
 * src/config reads is either set by the manifests or named here, so a new setting needs a decision.
 */
const LEFT_TO_DEFAULTS: Record<string, readonly string[]> = {
  // This example bills with Stripe; add a provider's keys to the Secret (and its URL to the ConfigMap) to use it.
  'other providers and upstream addresses': [
    ...['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_AMOUNT_UNIT', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_BASE_URL'],
    ...['CLOUDFLARE_EMAIL', 'FLEXPRICE_API_KEY', 'FLEXPRICE_BASE_URL', 'FLEXPRICE_CUSTOMER_ID'],
    ...['STRIPE_API_VERSION', 'STRIPE_BASE_URL', 'STRIPE_CUSTOMER_ID'],
  ],
  // JWT mode with a JWKS URL: the shared secret, a JWKS file and open mode do not apply; claims keep their defaults.
  'the other auth modes and JWT details': [
    ...['BILLGRAPH_ALLOW_OPEN', 'BILLGRAPH_JWT_SECRET', 'BILLGRAPH_JWKS_FILE', 'BILLGRAPH_JWKS_CACHE_S', 'BILLGRAPH_JWT_ALGORITHMS'],
    ...['BILLGRAPH_JWT_CLOCK_SKEW_S', 'BILLGRAPH_JWT_CUSTOMERS_CLAIM', 'BILLGRAPH_JWT_MAX_LIFETIME_S', 'BILLGRAPH_JWT_PROVIDER_CLAIM'],
    'BILLGRAPH_JWT_ROLES_CLAIM',
  ],
  // Manifests are files the apps' releases mount (configmap.yaml says how); without one every document runs.
  'trusted documents': ['BILLGRAPH_TRUSTED_DOCUMENTS', 'BILLGRAPH_ARBITRARY_DOCUMENTS', 'BILLGRAPH_ARBITRARY_DOCUMENTS_ROLE'],
  // NODE_ENV=production already turns GraphiQL, introspection and suggestions off; CORS preflights cache 10 min.
  'production defaults of the HTTP surface': [
    'BILLGRAPH_GRAPHIQL',
    'BILLGRAPH_INTROSPECTION',
    'BILLGRAPH_SUGGESTIONS',
    'BILLGRAPH_CORS_MAX_AGE_S',
  ],
  // The request limits and the heavy-operation gate are sized for the schema; change them with the schema.
  'request limits': [
    ...['BILLGRAPH_MAX_ALIASES', 'BILLGRAPH_MAX_BATCH', 'BILLGRAPH_MAX_BODY_BYTES', 'BILLGRAPH_MAX_COST', 'BILLGRAPH_MAX_DEPTH'],
    ...['BILLGRAPH_MAX_DIRECTIVES', 'BILLGRAPH_MAX_TOKENS', 'BILLGRAPH_HEAVY_OPERATIONS', 'BILLGRAPH_HEAVY_OPERATION_COST'],
  ],
  // The providers' documented rates and billgraph's per-caller queues; the ConfigMap sets the headroom over them.
  'budget details': [
    ...['BILLGRAPH_CLOUDFLARE_RATE', 'BILLGRAPH_FLEXPRICE_RATE', 'BILLGRAPH_STRIPE_RATE', 'BILLGRAPH_UPSTREAM_SLOTS'],
    ...['BILLGRAPH_MAX_UPSTREAM_CONCURRENCY', 'BILLGRAPH_PRINCIPAL_IN_FLIGHT', 'BILLGRAPH_PRINCIPAL_QUEUE'],
  ],
  // UPSTREAM_TIMEOUT_MS is set; its phases, the retries and the breaker's window follow from it and the defaults.
  'upstream deadlines, retries and breaker window': [
    ...['UPSTREAM_BODY_TIMEOUT_MS', 'UPSTREAM_CONNECT_TIMEOUT_MS', 'UPSTREAM_HEADERS_TIMEOUT_MS', 'UPSTREAM_MAX_RETRIES'],
    ...['UPSTREAM_RETRY_AFTER_CAP_MS', 'UPSTREAM_RETRY_BASE_MS', 'UPSTREAM_RETRY_MAX_MS', 'BILLGRAPH_RETRY_BUDGET_MIN_PER_SECOND'],
    ...['BILLGRAPH_BREAKER_MIN_ATTEMPTS', 'BILLGRAPH_BREAKER_WINDOW_MS'],
  ],
  // The older name of BILLGRAPH_REDIS_URL (in the Secret).
  aliases: ['BILLGRAPH_RESPONSE_CACHE_REDIS_URL'],
  // The general OTEL_EXPORTER_OTLP_* and OTEL_SERVICE_NAME are set; tracing is turned off by deleting the endpoint.
  'OpenTelemetry variants': [
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    'OTEL_SDK_DISABLED',
    'OTEL_TRACES_EXPORTER',
  ],
  // On by default (bench/HISTORY.md, compiled execution); off only to compare it with graphql-js or to rule it out.
  'execution engine': ['BILLGRAPH_COMPILED_EXECUTION'],
};

/**
 * Every variable src/config reads, from its source: the readers take the name as a literal (`text(env, 'NAME')`,
 * `integer(env, 'NAME', …)`), and a few compare `env.NAME`. Checked below against what loadConfig really reads.
 */
function variablesConfigReads(): Set<string> {
  const srcDir = join(import.meta.dirname, '../../src');
  const files = [join(srcDir, 'config.ts'), ...readdirSync(join(srcDir, 'config')).map((file) => join(srcDir, 'config', file))];
  const names = new Set<string>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\benv,\s*'([A-Z][A-Z0-9_]*)'|\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(match[1] ?? match[2]!);
  }
  return names;
}

/** The environment the container gets, resolved through the ConfigMap and Secret it references. */
function containerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of container.env as { name: string; value?: string; valueFrom?: any }[]) {
    const fromMap = entry.valueFrom?.configMapKeyRef;
    const fromSecret = entry.valueFrom?.secretKeyRef;
    if (fromMap) {
      expect(fromMap.name, entry.name).toBe(configMap.metadata.name);
      expect(configMap.data, `ConfigMap key ${fromMap.key}`).toHaveProperty([fromMap.key]);
      env[entry.name] = String(configMap.data[fromMap.key]);
    } else if (fromSecret) {
      expect(fromSecret.name, entry.name).toBe(secret.metadata.name);
      expect(secret.stringData, `Secret key ${fromSecret.key}`).toHaveProperty([fromSecret.key]);
      env[entry.name] = String(secret.stringData[fromSecret.key]);
    } else env[entry.name] = String(entry.value);
  }
  return env;
}

describe('deploy/kubernetes', () => {
  it('has a Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget, ConfigMap and Secret', () => {
    for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap', 'Secret'])
      expect(byKind(kind), kind).toHaveLength(1);
    const podLabels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(podLabels);
    expect(byKind('Service')[0]!.spec.selector).toEqual(podLabels);
    expect(byKind('PodDisruptionBudget')[0]!.spec.selector.matchLabels).toEqual(podLabels);
    expect(byKind('HorizontalPodAutoscaler')[0]!.spec.scaleTargetRef.name).toBe(deployment.metadata.name);
  });

  it('sets only variables billgraph reads, each from the ConfigMap or the Secret, with values it accepts', () => {
    const env = containerEnv();
    const read = new Set<string>();
    const watched = new Proxy(env, {
      get: (target, key) => {
        if (typeof key === 'string') read.add(key);
        return target[key as string];
      },
    });
    const config = loadConfig(watched);
    expect(Object.keys(env).filter((name) => !read.has(name))).toEqual([]);
    expect(Object.keys(configMap.data).filter((key) => !(key in env))).toEqual([]);
    expect(Object.keys(secret.stringData).filter((key) => !(key in env))).toEqual([]);
    expect(config.port).toBe(4000);
    expect(config.auth.mode).toBe('jwt');
  });

  it('sets every variable src/config reads, or leaves it to its default on purpose (LEFT_TO_DEFAULTS)', () => {
    const env = containerEnv();
    const known = variablesConfigReads();
    // The scan is complete for what loadConfig reads with these manifests (a reader it misses would show here).
    const read = new Set<string>();
    loadConfig(new Proxy(env, { get: (target, key) => (typeof key === 'string' && read.add(key), target[key as string]) }));
    expect([...read].filter((name) => !known.has(name))).toEqual([]);
    const defaults = Object.values(LEFT_TO_DEFAULTS).flat();
    expect(
      defaults.filter((name) => !known.has(name)),
      'listed but no longer read',
    ).toEqual([]);
    expect(
      defaults.filter((name) => name in env),
      'listed but set',
    ).toEqual([]);
    expect(
      [...known].filter((name) => !(name in env) && !defaults.includes(name)),
      'neither set nor left to defaults',
    ).toEqual([]);
  });

  it('deploy/compose.yaml sets only variables billgraph reads, with values it accepts', () => {
    const compose = parseAllDocuments(readFileSync(join(dir, '../compose.yaml'), 'utf8'))[0]!.toJS();
    const env = compose['x-billgraph'].environment as Record<string, string>;
    const known = variablesConfigReads();
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
    expect(loadConfig(env).lifecycle.shutdownGraceMs).toBe(20_000);
  });

  it('probes readiness and liveness on the port billgraph listens on; the grace period covers the drain', () => {
    const env = containerEnv();
    const http = container.ports.find((p: { name: string }) => p.name === 'http');
    expect(String(http.containerPort)).toBe(env.PORT);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    const config = loadConfig(env);
    const metrics = container.ports.find((p: { name: string }) => p.name === 'metrics');
    expect(metrics.containerPort).toBe(config.metricsPort);
    // The whole drain fits in the grace Kubernetes gives before SIGKILL, with room to flush traces and logs.
    const { drainDelayMs, shutdownGraceMs } = config.lifecycle;
    expect(shutdownGraceMs).toBeGreaterThan(config.deadlines.totalMs);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(
      drainDelayMs + shutdownGraceMs + 5_000,
    );
    // The readiness probe notices the 503 (and the endpoint is removed) before the listener closes.
    const probe = container.readinessProbe;
    expect(probe.periodSeconds * probe.failureThreshold * 1000).toBeLessThan(drainDelayMs);
    expect(config.tracing).toMatchObject({ enabled: true, serviceName: 'billgraph' });
  });
});
