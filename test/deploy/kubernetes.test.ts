import { readFileSync } from 'node:fs';
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
