/**
 * A fresh prebuilt workflow bundle for a worker about to start (`npm start`, the benchmark): built by
 * `worker/build-workflow-bundle.ts` in a child process, so webpack never loads into the worker's own process
 * (that is what the bundle saves, docs/benchmark.md). Built on every start, so it is never stale.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Builds the bundle at `target` (absolute, or relative to the project root) and returns its absolute path. */
export async function buildWorkflowBundleFile(target: string): Promise<string> {
  const codePath = path.resolve(projectRoot, target);
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'worker/build-workflow-bundle.ts', codePath], { cwd: projectRoot, maxBuffer: 10 * 1024 * 1024 });
  return codePath;
}
