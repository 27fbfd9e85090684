// `npm run bench`: how fast a backlog of NEW Kaspi orders drains, and what one order costs; with --steady,
// what one ordinary run of an established shop costs (tools/bench/steady-state.ts).
// Options and their defaults: tools/bench/options.ts (or `npm run bench -- --help`). Figures: docs/benchmark.md.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildWorkflowBundleFile } from '../../worker/prebuilt-bundle.js';
import { parseBenchArgs, UsageError, USAGE } from './options.js';
import { startBenchPostgres } from './postgres.js';
import { runOnce, type BenchResult } from './run-once.js';
import { toBreakdown, toJson, toTable } from './report.js';
import { childPids } from './measure-processes.js';
import { runSteadyState } from './steady-state.js';
import { steadyJson, steadyText } from './steady-report.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const options = parseBenchArgs(args);
  // Progress goes to stderr, so `--json` output on stdout stays one parseable object.
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  progress('starting PostgreSQL (pg_stat_statements) and migrating a template database');
  // The worker loads a prebuilt workflow bundle, as production's does (docs/operating.md); built in a child
  // process before anything is measured, so neither the worker nor the timings carry webpack.
  if (options.bundleAtStartup) {
    delete process.env.WORKFLOW_BUNDLE_PATH;
  } else if (!process.env.WORKFLOW_BUNDLE_PATH) {
    progress('building the workflow bundle (npm run build:workflows)');
    process.env.WORKFLOW_BUNDLE_PATH = await buildWorkflowBundleFile(path.join(await mkdtemp(path.join(os.tmpdir(), 'kaspi-sync-bench-')), 'workflow-bundle.js'));
  }
  const postgres = await startBenchPostgres();
  if (options.steady) {
    try {
      progress(`measuring steady state: ${options.steady.shopOrders} shop orders, ${options.steady.latencyMs} ms latency`);
      const result = await runSteadyState(options.steady, postgres, progress);
      console.log(options.json ? steadyJson(result) : steadyText(result));
    } finally {
      await postgres.stop();
    }
    return;
  }
  const results: BenchResult[] = [];
  try {
    for (const spec of options.plan) {
      progress(`measuring ${spec.orders} orders, ${spec.latencyMs} ms latency, ${spec.inFlight} in flight`);
      const result = await runOnce(spec, postgres, progress);
      results.push(result);
      if (!options.json && options.plan.length > 1) progress(toTable([result]));
    }
  } finally {
    await postgres.stop();
  }
  if (options.json) {
    console.log(toJson(options, results));
  } else {
    console.log(`\n${toTable(results)}`);
    if (results.length === 1) console.log(`\n${toBreakdown(results[0])}`);
  }
}

// Ctrl-C mid-measurement: stop the servers and the worker this run started, not just ourselves.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of childPids()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(error);
    process.exit(1);
  },
);
