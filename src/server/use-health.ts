import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Readiness } from '../lifecycle/readiness.js';

export interface HealthOptions {
  readiness: Readiness;
}

/** The probe paths: the request log skips them (a probe every 2 s per instance is not traffic). */
export const HEALTH_PATHS: readonly string[] = ['/livez', '/readyz', '/healthz'];

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });

/**
 * `/healthz` (the old name of `/livez`, which Yoga's own health check answers: the process is alive) and
 * `/readyz` (every readiness check passes, with each one's detail; 503 while draining), answered before any
 * other plugin runs (docs/ARCHITECTURE.md section 11). Liveness checks nothing else on purpose: a failing
 * dependency must not get the pod restarted.
 */
export function useHealth({ readiness }: HealthOptions): Plugin {
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        useReadinessCheck({
          endpoint: '/readyz',
          check: async () => {
            const report = await readiness.report();
            return json(report.status === 'ready' ? 200 : 503, report);
          },
        }),
      );
    },
    onRequest({ url, request, endResponse }) {
      if (url.pathname === '/healthz' && (request.method === 'GET' || request.method === 'HEAD'))
        endResponse(new Response(null, { status: 200 }));
    },
  };
}
