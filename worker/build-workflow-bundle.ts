// `npm run build:workflows`: bundles the workflow code once, for production workers. A worker started
// with WORKFLOW_BUNDLE_PATH loads this file instead of running webpack at start-up, which saves about
// 100 MB of resident memory per worker (docs/benchmark.md). Rebuild it on every deploy: a stale bundle
// runs old workflow code.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from './workflows-path.js';

const target = path.resolve(process.argv[2] ?? 'build/workflow-bundle.js');
const { code } = await bundleWorkflowCode({ workflowsPath });
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, code);
console.log(`workflow bundle written to ${target} (${Math.round(code.length / 1024)} KiB)`);
