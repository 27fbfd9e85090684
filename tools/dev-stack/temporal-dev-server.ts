/**
 * Runs the `temporal server start-dev` binary as a child process: a real Temporal server (SQLite
 * persistence, optional Web UI) with kaspi-sync's search attributes registered. Used by tests, the chaos
 * run, benchmarks and `npm start`. Started by us rather than by the SDK's test environment, because the
 * SDK waits only 5 s for start-up and cannot restart a server on the same state file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli } from './temporal-binary.js';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../domain/temporal-names.js';
import { freePort } from './free-port.js';

export interface DevServerOptions {
  port?: number;
  uiPort?: number;
  /** Without a UI port the server runs headless. */
  withUi?: boolean;
  namespace?: string;
  /** SQLite file; state survives restarts. Omitted: in-memory. */
  dbFilename?: string;
  startupTimeoutMs?: number;
}

export interface RunningDevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  stop(): Promise<void>;
  /** SIGKILL, for fault injection. */
  kill(): Promise<void>;
}

export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<RunningDevServer> {
  const binary = resolveTemporalCli();
  if (!binary) {
    throw new Error(
      'No temporal CLI found. Run `npm run tools:temporal` (installs it into .tools), put `temporal` on PATH, or set TEMPORAL_CLI_PATH.',
    );
  }
  const port = options.port ?? (await freePort());
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace, '--log-level', 'error'];
  let uiUrl: string | undefined;
  if (options.withUi || options.uiPort) {
    const uiPort = options.uiPort ?? (await freePort());
    args.push('--ui-port', String(uiPort));
    uiUrl = `http://127.0.0.1:${uiPort}`;
  } else {
    args.push('--headless');
  }
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_DEFINITIONS)) args.push('--search-attribute', `${name}=${type}`);
  // Faster schedule/child bookkeeping in a single-node dev server.
  args.push('--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true');

  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // A server must not outlive the process that started it (e.g. a test run stopped by a timeout).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const address = `127.0.0.1:${port}`;
  await waitUntilServing(address, namespace, child, options.startupTimeoutMs ?? 60_000, () => stderr);
  return {
    address,
    namespace,
    uiUrl,
    stop: () => stopProcess(child, 'SIGTERM'),
    kill: () => stopProcess(child, 'SIGKILL'),
  };
}

async function waitUntilServing(
  address: string,
  namespace: string,
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with ${child.exitCode}: ${stderr()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`temporal dev server did not start within ${timeoutMs} ms: ${String(lastError)} ${stderr()}`);
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}
