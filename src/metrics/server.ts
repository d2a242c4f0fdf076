import { createServer, type Server } from 'node:http';
import type { BillgraphMetrics } from './billgraph-metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from './registry.js';

/**
 * The metrics endpoint, on its own port: operational data for Prometheus, kept off the public GraphQL port
 * that customers' browsers reach. Answers `GET /metrics` and nothing else.
 */
export function createMetricsServer(metrics: BillgraphMetrics): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: try GET /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('use GET\n');
      return;
    }
    response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' });
    // Rendered for GET only: a render reads (and resets) the event-loop delay window.
    response.end(request.method === 'HEAD' ? undefined : metrics.render());
  });
}
