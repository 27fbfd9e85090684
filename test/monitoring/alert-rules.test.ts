// The shipped Prometheus rules are valid for a real Prometheus (promtool, from Debian's prometheus package).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const RULES = fileURLToPath(new URL('../../ops/prometheus/alerts.yml', import.meta.url));
const DASHBOARD = fileURLToPath(new URL('../../ops/grafana/kaspi-sync-dashboard.json', import.meta.url));

describe('ops: Prometheus alert rules and the Grafana dashboard', () => {
  it('ops/prometheus/alerts.yml passes promtool check rules', function () {
    if (!existsSync(PROMTOOL)) this.skip(); // reason: promtool (Debian's prometheus package) is not installed here; CI installs it
    const output = execFileSync(PROMTOOL, ['check', 'rules', RULES], { encoding: 'utf8' });
    assert.match(output, /SUCCESS: \d+ rules found/);
  });

  it('the dashboard is valid JSON whose queries use only exported kaspi_sync_* metrics', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const rules = readFileSync(RULES, 'utf8');
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    assert.ok(dashboard.panels.length >= 10);
    // Every kaspi_sync_* name of the dashboard is one the rules know or a histogram series of one.
    const known = new Set([...rules.matchAll(/\bkaspi_sync_[a-z0-9_]+/g)].map((m) => m[0]).concat(['kaspi_sync_orders_total', 'kaspi_sync_alerts_firing']));
    for (const [name] of exprs.matchAll(/\bkaspi_sync_[a-z0-9_]+/g)) {
      assert.ok(known.has(name.replace(/_bucket$/, '')) || /_latency_seconds_bucket$/.test(name), `${name} in the dashboard`);
    }
  });
});
