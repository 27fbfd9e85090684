/**
 * `npm run bench -- [options]`: what to measure. Each plan entry is one measurement on fresh parts.
 */
export interface MeasurementSpec {
  orders: number;
  latencyMs: number;
  inFlight: number;
  /** KASPI_MAX_CONCURRENT_REQUESTS of the worker under test. */
  kaspiConcurrency: number;
  /** KASPI_MAX_REQUESTS_PER_SECOND of the worker under test. */
  kaspiRps: number;
  /** A measurement still running after this is stopped and reported as incomplete. */
  capSeconds: number;
}

export interface BenchOptions {
  mode: 'single' | 'scale' | 'sweep';
  json: boolean;
  plan: MeasurementSpec[];
}

export const SCALE_ORDERS = [100, 1000, 5000];
export const SWEEP_IN_FLIGHT = [1, 5, 20, 50];

const DEFAULTS = {
  orders: 1000,
  latencyMs: 50,
  inFlight: 50,
  // High enough not to bind, so the run measures kaspi-sync; production defaults are 8 and 20 (kaspi/config.ts).
  kaspiConcurrency: 32,
  kaspiRps: 1000,
  capSeconds: 900,
};

export const USAGE = `npm run bench -- [--orders N] [--latency MS] [--in-flight K] [--scale | --sweep] [--json]
                      [--kaspi-concurrency C] [--kaspi-rps R] [--cap SECONDS]
  --orders N             NEW orders in the backlog (default ${DEFAULTS.orders}; with --sweep it sets the sweep's N)
  --latency MS           sandbox latency added to every Kaspi request (default ${DEFAULTS.latencyMs})
  --in-flight K          maxOrdersInFlight of the sync run (default ${DEFAULTS.inFlight})
  --scale                one measurement each for N = ${SCALE_ORDERS.join(', ')}
  --sweep                one measurement each for in-flight ${SWEEP_IN_FLIGHT.join(', ')}
  --kaspi-concurrency C  the worker's KASPI_MAX_CONCURRENT_REQUESTS (default ${DEFAULTS.kaspiConcurrency})
  --kaspi-rps R          the worker's KASPI_MAX_REQUESTS_PER_SECOND (default ${DEFAULTS.kaspiRps})
  --cap SECONDS          stop a measurement that runs longer and report it as incomplete (default ${DEFAULTS.capSeconds})
  --json                 print one JSON object instead of the table (npm run --silent bench -- --json)`;

export class UsageError extends Error {}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const values: Record<string, number> = {};
  let mode: BenchOptions['mode'] = 'single';
  let json = false;
  const numeric: Record<string, keyof typeof DEFAULTS> = {
    '--orders': 'orders',
    '--latency': 'latencyMs',
    '--in-flight': 'inFlight',
    '--kaspi-concurrency': 'kaspiConcurrency',
    '--kaspi-rps': 'kaspiRps',
    '--cap': 'capSeconds',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--json') json = true;
    else if (flag === '--scale' || flag === '--sweep') {
      if (mode !== 'single') throw new UsageError('--scale and --sweep are separate runs; pick one');
      mode = flag === '--scale' ? 'scale' : 'sweep';
    } else if (flag in numeric) {
      const raw = inline ?? argv[++i];
      const value = Number(raw);
      const key = numeric[flag];
      const least = key === 'latencyMs' ? 0 : 1;
      if (raw === undefined || !Number.isInteger(value) || value < least) {
        throw new UsageError(`${flag} needs a whole number ≥ ${least}, got ${raw === undefined ? 'nothing' : `"${raw}"`}`);
      }
      values[key] = value;
    } else {
      throw new UsageError(`unknown option ${argv[i]}`);
    }
  }
  const base: MeasurementSpec = { ...DEFAULTS, ...values };
  if (mode === 'scale') {
    if (values.orders !== undefined) throw new UsageError('--scale chooses N itself; drop --orders');
    return { mode, json, plan: SCALE_ORDERS.map((orders) => ({ ...base, orders })) };
  }
  if (mode === 'sweep') {
    if (values.inFlight !== undefined) throw new UsageError('--sweep chooses the in-flight limit itself; drop --in-flight');
    return { mode, json, plan: SWEEP_IN_FLIGHT.map((inFlight) => ({ ...base, inFlight })) };
  }
  return { mode, json, plan: [base] };
}
