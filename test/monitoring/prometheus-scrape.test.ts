// One /metrics at METRICS_ADDRESS with the business figures and the Temporal SDK's runtime metrics, served by
// the real worker process and scraped by a real Prometheus (Debian's `prometheus`; CI installs it).
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMigratedDatabase, sharedTemporal, sharedWorkflowBundle } from '../support/infrastructure.js';
import { waitFor } from '../support/wait-for.js';
import { startKaspiSandbox, type KaspiSandbox } from '../../tools/sandbox/index.js';
import { startWorkerProcess, type WorkerProcess } from '../../tools/support/worker-process.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { freeLoopbackPort } from '../../monitoring/sdk-metrics-port.js';
import type { Database } from '../../platform/prisma-client.js';

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';

describe('metrics: one Prometheus endpoint for the shop and the Temporal worker', function () {
  this.timeout(120_000);
  let db: Database;
  let sandbox: KaspiSandbox;
  let worker: WorkerProcess;
  let metricsUrl: string;
  let directory: string;
  let prometheus: ChildProcess | undefined;

  before(async () => {
    const database = await createMigratedDatabase('metrics');
    db = database.db;
    await loadInventory(db, { warehouses: ['PP1'], products: [{ sku: 'SKU-A', model: 'A', brand: 'B', price: 1000, stock: { PP1: 0 } }] }, 'metrics test');
    sandbox = await startKaspiSandbox({ firstOrderCode: 870_000_000 + (process.pid % 1000) * 100 });
    directory = mkdtempSync(join(tmpdir(), 'kaspi-sync-metrics-'));
    const bundlePath = join(directory, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await sharedWorkflowBundle()).code);
    const address = `127.0.0.1:${await freeLoopbackPort()}`;
    metricsUrl = `http://${address}/metrics`;
    const server = await sharedTemporal();
    worker = await startWorkerProcess({
      databaseUrl: database.url,
      kaspiApiUrl: sandbox.baseUrl,
      kaspiToken: sandbox.token,
      temporalAddress: server.address,
      taskQueue: `kaspi-sync-metrics-${randomUUID()}`,
      env: { METRICS_ADDRESS: address, WORKFLOW_BUNDLE_PATH: bundlePath },
    });
    await waitFor(async () => (await fetch(metricsUrl).catch(() => undefined))?.ok, 30_000, 200);
  });

  after(async () => {
    prometheus?.kill('SIGTERM');
    await worker?.stop();
    await sandbox?.close();
    await db?.$disconnect();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('serves the business figures and the SDK runtime metrics on the one /metrics', async () => {
    await db.kaspiOrder.create({ data: { orderId: 'held-1', orderCode: '870999001', stockName: 'PP1', status: 'APPROVED_BY_BANK', syncState: 'HELD', holdReason: 'out of stock at PP1: SKU-A needs 1, has 0', kaspiCreatedAt: new Date(Date.now() - 40 * 60_000) } });
    // The SDK's own series appear once the worker has polled.
    const text = await waitFor(async () => {
      const body = await (await fetch(metricsUrl)).text();
      return /^temporal_\w+/m.test(body) ? body : undefined;
    }, 30_000, 500);
    assert.match(text, /^kaspi_sync_held_orders 1$/m);
    const age = Number(/^kaspi_sync_oldest_held_order_age_seconds (\d+)$/m.exec(text)?.[1]);
    assert.ok(age >= 40 * 60 && age < 45 * 60, `oldest held age ${age} s`);
    assert.match(text, /^kaspi_sync_orders_total\{outcome="accepted"\} 0$/m);
    assert.match(text, /^kaspi_sync_order_accept_latency_seconds_bucket\{le="\+Inf"\} 0$/m);
    assert.match(text, /^kaspi_sync_merchant_fault_cancellation_share 0$/m);
    assert.match(text, /^kaspi_sync_metrics_source_up\{source="sdk"\} 1$/m);
    assert.match(text, /^kaspi_sync_metrics_source_up\{source="database"\} 1$/m);
    // Every kaspi_sync_* series the shipped alert rules use is exported by the worker.
    const rules = readFileSync(new URL('../../ops/prometheus/alerts.yml', import.meta.url), 'utf8');
    const used = new Set([...rules.matchAll(/\bkaspi_sync_[a-z0-9_]+/g)].map((m) => m[0]));
    for (const name of used) assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `${name} (used in ops/prometheus/alerts.yml) is not exported`);
  });

  it('a real Prometheus scrapes the worker: target up, business and SDK series queryable', async function () {
    if (!existsSync(PROMETHEUS)) this.skip(); // reason: Debian's prometheus is not installed here (apt-get install -y prometheus; CI installs it)
    const webPort = await freeLoopbackPort();
    const config = join(directory, 'prometheus.yml');
    writeFileSync(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: kaspi-sync\n    static_configs:\n      - targets: ['${new URL(metricsUrl).host}']\n`);
    prometheus = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${join(directory, 'tsdb')}`, `--web.listen-address=127.0.0.1:${webPort}`, '--log.level=warn'], { stdio: 'ignore' });
    const query = async (expr: string) => {
      const response = await fetch(`http://127.0.0.1:${webPort}/api/v1/query?query=${encodeURIComponent(expr)}`).catch(() => undefined);
      if (!response?.ok) return undefined;
      const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
      return body.data.result.map((r) => Number(r.value[1]));
    };
    await waitFor(async () => (await query('up{job="kaspi-sync"}'))?.[0] === 1, 30_000, 250);
    assert.deepEqual(await waitFor(() => query('kaspi_sync_held_orders'), 10_000, 250), [1]);
    const sdkSeries = await query('count({__name__=~"temporal_.+", job="kaspi-sync"})');
    assert.ok((sdkSeries?.[0] ?? 0) > 0, 'the SDK runtime metrics reach Prometheus through the same target');
  });
});
