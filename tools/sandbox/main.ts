import { parseArgs } from 'node:util';
import { startKaspiSandbox } from './index.js';

const USAGE = `Usage: npm run sandbox -- [--port 7700] [--host 127.0.0.1] [--seed 1] [--orders 50]
                           [--latency MS] [--token TOKEN] [--waybill-delay MS]`;

/**
 * Standalone sandbox. Stdout carries only the two lines to paste into a shell or .env;
 * everything else goes to stderr.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7700' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      orders: { type: 'string', default: '50' },
      latency: { type: 'string', default: '0' },
      token: { type: 'string', default: 'sandbox-token' },
      'waybill-delay': { type: 'string', default: '3000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.error(USAGE);
    return;
  }
  const seed = wholeNumber('seed', values.seed);
  const sandbox = await startKaspiSandbox({
    port: wholeNumber('port', values.port),
    host: values.host,
    token: values.token,
    latencyMs: wholeNumber('latency', values.latency),
    waybillDelayMs: wholeNumber('waybill-delay', values['waybill-delay']),
    seed,
  });
  const orders = sandbox.generateOrders(wholeNumber('orders', values.orders), { seed });

  process.stdout.write(`KASPI_API_URL=${sandbox.ordersUrl}\nKASPI_AUTH_TOKEN=${sandbox.token}\n`);
  console.error(`Kaspi sandbox listening on ${sandbox.baseUrl} with ${orders.length} NEW orders (seed ${seed}).`);
  console.error(`Control interface: ${new URL('/__sandbox/', sandbox.baseUrl).href} (orders, generate, lifecycle/*, faults, requests).`);

  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function wholeNumber(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) {
    console.error(`--${name} must be a whole number, got "${raw}"\n${USAGE}`);
    process.exit(2);
  }
  return Number(raw);
}

await main();
