/** A Temporal client for operator commands, configured like the worker (address, namespace, TLS or API key). */
import { Client, Connection } from '@temporalio/client';
import { temporalSettingsFromEnv, type TemporalSettings } from '../platform/config.js';

export interface OperatorClient {
  client: Client;
  settings: TemporalSettings;
  close(): Promise<void>;
}

export class TemporalUnreachableError extends Error {
  override name = 'TemporalUnreachableError';
}

export async function connectOperatorClient(env: NodeJS.ProcessEnv = process.env): Promise<OperatorClient> {
  const settings = temporalSettingsFromEnv(env);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: settings.address, tls: settings.tls, apiKey: settings.apiKey, connectTimeout: '10s' });
  } catch (error) {
    throw new TemporalUnreachableError(
      `Cannot reach Temporal at ${settings.address} (TEMPORAL_ADDRESS): ${(error as Error).message}. ` +
        'Start it with `npm start`, or set TEMPORAL_ADDRESS (and TEMPORAL_API_KEY or TEMPORAL_TLS_CERT/KEY for a cloud cluster).',
    );
  }
  return { client: new Client({ connection, namespace: settings.namespace }), settings, close: () => connection.close() };
}
