/**
 * What every CLI command gets: where to print, the environment it is configured from, and lazily opened
 * connections (a command that needs only the database never dials Temporal, and vice versa).
 */
import type { Client } from '@temporalio/client';
import { databaseUrlOrThrow, temporalSettingsFromEnv } from '../platform/config.js';
import { createDatabase, type Database } from '../platform/prisma-client.js';
import { connectOperatorClient, type OperatorClient } from './temporal-connection.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** A line the operator types (the buyer's completion code); the terminal when unset. */
  ask?: (question: string) => Promise<string>;
}

export class CommandContext {
  private operator?: Promise<OperatorClient>;
  private db?: Database;

  constructor(readonly io: CliIo) {}

  temporal(): Promise<Client> {
    this.operator ??= connectOperatorClient(this.io.env);
    return this.operator.then((o) => o.client);
  }

  taskQueue(): string {
    return temporalSettingsFromEnv(this.io.env).taskQueue;
  }

  database(): Database {
    this.db ??= createDatabase(databaseUrlOrThrow(this.io.env), 2);
    return this.db;
  }

  async close(): Promise<void> {
    const operator = await this.operator?.catch(() => undefined);
    await operator?.close();
    await this.db?.$disconnect();
  }
}
