import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withDefaults, type SandboxOptions } from './options.js';
import { SandboxServer, type KaspiSandbox } from './sandbox.js';

export type { SandboxOptions } from './options.js';
export { GOT_DEFAULT_USER_AGENT } from './options.js';
export type { KaspiSandbox } from './sandbox.js';
export type { OrderSpec, OrderLineSpec, SandboxOrder, SandboxEntry, DeliveryMode } from './model.js';
export type { FaultSpec, FaultRoute } from './faults.js';
export type { LoggedRequest, CountedAction } from './request-log.js';
export type { GenerateOptions } from './generator.js';
export { LifecycleError } from './lifecycle.js';

/** Starts a Kaspi Shop API v2 look-alike on a real HTTP port. */
export async function startKaspiSandbox(options: Partial<SandboxOptions> = {}): Promise<KaspiSandbox> {
  const resolved = withDefaults(options);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return new SandboxServer(server, resolved, port, `http://${urlHost(resolved.host)}:${port}`);
}

/** A wildcard bind address is not something a client can connect to; advertise loopback instead. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
