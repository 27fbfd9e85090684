import { KaspiClient } from '../../kaspi/client.js';
import { DEFAULT_USER_AGENT, type KaspiClientConfig } from '../../kaspi/config.js';
import { startKaspiSandbox, type KaspiSandbox, type SandboxOptions } from '../../tools/sandbox/index.js';

export interface SandboxWithClient {
  sandbox: KaspiSandbox;
  client: KaspiClient;
  config: KaspiClientConfig;
}

export function configFor(sandbox: KaspiSandbox, overrides: Partial<KaspiClientConfig> = {}): KaspiClientConfig {
  return {
    baseUrl: sandbox.ordersUrl,
    token: sandbox.token,
    contentType: 'application/vnd.api+json',
    userAgent: DEFAULT_USER_AGENT,
    requestTimeoutMs: 2000,
    maxConcurrentRequests: 8,
    maxRequestsPerSecond: 1000,
    ...overrides,
  };
}

export async function startSandboxWithClient(
  options: Partial<SandboxOptions> = {},
  overrides: Partial<KaspiClientConfig> = {},
): Promise<SandboxWithClient> {
  const sandbox = await startKaspiSandbox({ token: 'test-token-5f1c9e', ...options });
  const config = configFor(sandbox, overrides);
  return { sandbox, client: new KaspiClient(config), config };
}

/** Awaits a promise that must reject and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

export const DAY_MS = 24 * 60 * 60 * 1000;
