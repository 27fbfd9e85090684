/**
 * One /metrics at METRICS_ADDRESS with everything Prometheus needs: the shop's figures (database), this
 * process's counters, the sync runs' health (Temporal) and the Temporal SDK's own runtime metrics. The SDK
 * serves its metrics on an internal loopback port of its own; their text is appended here, so an operator
 * configures one scrape target. A source that cannot be read leaves its metrics out and says so in
 * kaspi_sync_metrics_source_up{source} rather than failing the scrape. Also /healthz: 200 while the
 * database answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../platform/prisma-client.js';
import { businessMetrics } from './business-metrics.js';
import { renderFamilies, type MetricFamily } from './exposition.js';
import type { ProcessMetrics } from './process-metrics.js';
import { runHealthMetrics } from './run-health-metrics.js';
import type { SyncRunHistory } from './sync-run-history.js';

export interface MetricsServerOptions {
  host: string;
  port: number;
  db: Database;
  process: ProcessMetrics;
  runs?: SyncRunHistory;
  /** The SDK's Prometheus endpoint (Runtime telemetry bound to loopback), e.g. http://127.0.0.1:40123/metrics. */
  sdkMetricsUrl?: string;
  now?: () => number;
}

export interface MetricsServer { url: string; close(): Promise<void> }

const SCRAPE_SOURCE_TIMEOUT_MS = 5_000;

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const now = options.now ?? Date.now;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      scrape(options, now()).then((text) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text);
      }, () => response.writeHead(500).end('metrics unavailable\n'));
    } else if (request.method === 'GET' && path === '/healthz') {
      options.db.$queryRawUnsafe('SELECT 1').then(() => response.writeHead(200).end('ok\n'), () => response.writeHead(503).end('database unreachable\n'));
    } else {
      response.writeHead(404).end('not found: GET /metrics or /healthz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function scrape(options: MetricsServerOptions, now: number): Promise<string> {
  const sources: Record<string, Promise<MetricFamily[] | string>> = {
    database: businessMetrics(options.db, now),
    ...(options.runs ? { temporal: options.runs.observe().then(runHealthMetrics) } : {}),
    ...(options.sdkMetricsUrl ? { sdk: sdkText(options.sdkMetricsUrl) } : {}),
  };
  const settled = await Promise.all(Object.entries(sources).map(async ([source, pending]) => ({ source, result: await withTimeout(pending).then((value) => ({ ok: true as const, value }), () => ({ ok: false as const })) })));
  const families: MetricFamily[] = [options.process.kaspi.requests.family(), options.process.alertDeliveries.family()];
  let sdk = '';
  for (const { result } of settled) {
    if (!result.ok) continue;
    if (typeof result.value === 'string') sdk = result.value;
    else families.push(...result.value);
  }
  families.push({ name: 'kaspi_sync_metrics_source_up', help: 'Whether each source of these metrics could be read at this scrape (database, temporal, sdk).', type: 'gauge', samples: settled.map(({ source, result }) => ({ labels: { source }, value: result.ok ? 1 : 0 })) });
  return renderFamilies(families) + (sdk.endsWith('\n') || sdk === '' ? sdk : `${sdk}\n`);
}

async function sdkText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_SOURCE_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`SDK metrics answered ${response.status}`);
  return response.text();
}

function withTimeout<T>(pending: Promise<T>): Promise<T> {
  return Promise.race([pending, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('metrics source timed out')), SCRAPE_SOURCE_TIMEOUT_MS).unref())]);
}
