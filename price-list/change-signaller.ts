/**
 * Turns database notifications into signals to the price-list workflow. A trigger on stock_movements,
 * stock_inventory, products and stocks (migration 20261202100000_price_list) notifies on commit, whoever wrote
 * — an order's reservation, a cancellation's restock, `npm run db:load`, an operator's SQL — so no code path
 * that changes stock can forget to tell the feed. The worker runs one listener; a notification lost while it
 * reconnects is made up by one signal after reconnecting, and by the workflow's safety-net timer.
 */
import pg from 'pg';
import type { Client } from '@temporalio/client';
import { priceListWorkflowId, WorkflowTypes } from '../domain/temporal-names.js';
import { priceListInputsChangedSignal } from '../workflows/messages.js';
import type { PriceListWorkflowInput } from '../workflows/price-list.js';
import type { PriceListRefreshSettings } from '../platform/feed-config.js';

export const PRICE_LIST_CHANNEL = 'kaspi_sync_price_list_inputs';

export interface PriceListSignallerOptions {
  databaseUrl: string;
  client: Client;
  taskQueue: string;
  refresh: PriceListRefreshSettings;
  log?: (line: string) => void;
}

export interface PriceListSignaller {
  stop(): Promise<void>;
}

const RECONNECT_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export async function startPriceListSignaller(options: PriceListSignallerOptions): Promise<PriceListSignaller> {
  const log = options.log ?? ((line: string) => console.warn(line));
  const workflowInput: PriceListWorkflowInput = { minIntervalMs: options.refresh.minIntervalMs, refreshIntervalMs: options.refresh.refreshIntervalMs };
  let stopped = false;
  let listener: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let sending: Promise<void> | undefined;
  let pending = false;

  // Notifications come in bursts (one per table and transaction); one signal in flight, one more queued.
  const signal = (): void => {
    if (stopped) return;
    if (sending) {
      pending = true;
      return;
    }
    sending = options.client.workflow
      .signalWithStart(WorkflowTypes.priceList, {
        workflowId: priceListWorkflowId(options.taskQueue),
        taskQueue: options.taskQueue,
        signal: priceListInputsChangedSignal,
        signalArgs: [],
        args: [workflowInput],
      })
      .then(
        () => undefined,
        (error: Error) => {
          log(`price list: could not signal the price-list workflow (${error.message}); trying again in 10 s`);
          retryTimer = setTimeout(signal, 10_000);
        },
      )
      .finally(() => {
        sending = undefined;
        if (pending) {
          pending = false;
          signal();
        }
      });
  };

  const connect = async (attempt: number): Promise<void> => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: options.databaseUrl });
    const reconnect = () => {
      if (stopped || listener !== client) return;
      listener = undefined;
      client.end().catch(() => undefined);
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
      reconnectTimer = setTimeout(() => void connect(attempt + 1), delay);
    };
    listener = client;
    client.on('error', (error) => {
      log(`price list: lost the database listener (${error.message}); reconnecting`);
      reconnect();
    });
    client.on('end', reconnect);
    client.on('notification', (message) => {
      if (message.channel === PRICE_LIST_CHANNEL) signal();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PRICE_LIST_CHANNEL}`);
      attempt = 0;
      // Whatever changed while nobody listened (start-up, reconnection) is caught up by one regeneration.
      signal();
    } catch (error) {
      log(`price list: cannot listen for stock changes (${(error as Error).message}); retrying`);
      reconnect();
    }
  };

  await connect(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      clearTimeout(retryTimer);
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => undefined);
      await sending;
    },
  };
}
