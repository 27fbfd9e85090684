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
  /** What the sandbox does with `include[orders]=entries` on the intake list (Q16; the Kaspi guide documents it). */
  listIncludeEntries: ListIncludeEntries;
}

export type ListIncludeEntries = 'served' | 'ignored' | 'refused';

/**
 * `--steady`: one ordinary sync run of an established shop (tools/bench/steady-state.ts) instead of a backlog drain.
 * The Kaspi client limits are left unset unless given: the worker then runs with production's own defaults,
 * because in steady state the run's length is set by its Kaspi requests, and production's limits bound those.
 */
export interface SteadySpec {
  /** Orders the shop already has (Kaspi and kaspi-sync's database), created over the last 30 days. */
  shopOrders: number;
  /** Open accepted orders the buyer cancels before the run, `cancelledAfterHandover` of them with the courier. */
  cancellations: number;
  cancelledAfterHandover: number;
  /** Completed orders the buyer returns before the run (half of them already RETURNED). */
  returns: number;
  /** NEW orders waiting for the run (every fifth one Express). */
  newOrders: number;
  latencyMs: number;
  kaspiConcurrency?: number;
  kaspiRps?: number;
  capSeconds: number;
}

export interface BenchOptions {
  mode: 'single' | 'scale' | 'sweep' | 'steady';
  json: boolean;
  /** The worker bundles the workflow code at start-up (webpack in its process) instead of loading a prebuilt
   * bundle (the default, as production: built once per bench run, or WORKFLOW_BUNDLE_PATH when set). */
  bundleAtStartup: boolean;
  /** Empty for --steady. */
  plan: MeasurementSpec[];
  steady?: SteadySpec;
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
  listIncludeEntries: 'served' as ListIncludeEntries,
};

const STEADY_DEFAULTS = {
  shopOrders: 10_000,
  cancellations: 30,
  cancelledAfterHandover: 10,
  returns: 10,
  newOrders: 20,
};

export const USAGE = `npm run bench -- [--orders N] [--latency MS] [--in-flight K] [--scale | --sweep] [--json]
                      [--kaspi-concurrency C] [--kaspi-rps R] [--cap SECONDS]
       npm run bench -- --steady [--shop-orders N] [--cancellations C] [--after-handover H] [--returns R]
                      [--new-orders K] [--latency MS] [--kaspi-concurrency C] [--kaspi-rps R] [--cap SECONDS] [--json]
  --orders N             NEW orders in the backlog (default ${DEFAULTS.orders}; with --sweep it sets the sweep's N)
  --latency MS           sandbox latency added to every Kaspi request (default ${DEFAULTS.latencyMs})
  --in-flight K          maxOrdersInFlight of the sync run (default ${DEFAULTS.inFlight})
  --scale                one measurement each for N = ${SCALE_ORDERS.join(', ')}
  --sweep                one measurement each for in-flight ${SWEEP_IN_FLIGHT.join(', ')}
  --kaspi-concurrency C  the worker's KASPI_MAX_CONCURRENT_REQUESTS (default ${DEFAULTS.kaspiConcurrency})
  --kaspi-rps R          the worker's KASPI_MAX_REQUESTS_PER_SECOND (default ${DEFAULTS.kaspiRps})
  --cap SECONDS          stop a measurement that runs longer and report it as incomplete (default ${DEFAULTS.capSeconds})
  --list-entries A       what Kaspi does with include[orders]=entries on the intake list: served (default, as the
                         guide documents it), ignored or refused (Q16, docs/kaspi-api.md)
  --bundle-at-startup    the worker bundles the workflow code itself at start-up (default: a prebuilt bundle,
                         built once per bench run unless WORKFLOW_BUNDLE_PATH names one, as production runs)
  --json                 print one JSON object instead of the table (npm run --silent bench -- --json)
  --steady               one ordinary sync run of an established shop: tracking cost, missed cancellations, intake latency
    --shop-orders N      orders the shop already has, over the last 30 days (default ${STEADY_DEFAULTS.shopOrders})
    --cancellations C    open orders cancelled before the run (default ${STEADY_DEFAULTS.cancellations})
    --after-handover H   how many of those are cancelled with the courier (default ${STEADY_DEFAULTS.cancelledAfterHandover})
    --returns R          completed orders returned before the run (default ${STEADY_DEFAULTS.returns})
    --new-orders K       NEW orders waiting for the run (default ${STEADY_DEFAULTS.newOrders})
    (with --steady the worker keeps production's Kaspi client limits unless --kaspi-* are given)`;

export class UsageError extends Error {}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const values: Record<string, number> = {};
  let mode: BenchOptions['mode'] = 'single';
  let json = false;
  let bundleAtStartup = false;
  let listIncludeEntries: ListIncludeEntries | undefined;
  const numeric: Record<string, keyof typeof DEFAULTS | keyof typeof STEADY_DEFAULTS> = {
    '--orders': 'orders',
    '--latency': 'latencyMs',
    '--in-flight': 'inFlight',
    '--kaspi-concurrency': 'kaspiConcurrency',
    '--kaspi-rps': 'kaspiRps',
    '--cap': 'capSeconds',
    '--shop-orders': 'shopOrders',
    '--cancellations': 'cancellations',
    '--after-handover': 'cancelledAfterHandover',
    '--returns': 'returns',
    '--new-orders': 'newOrders',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--json') json = true;
    else if (flag === '--bundle-at-startup') bundleAtStartup = true;
    else if (flag === '--list-entries') {
      const raw = inline ?? argv[++i];
      if (raw !== 'served' && raw !== 'ignored' && raw !== 'refused') throw new UsageError(`--list-entries takes served, ignored or refused, got ${raw === undefined ? 'nothing' : `"${raw}"`}`);
      listIncludeEntries = raw;
    }
    else if (flag === '--scale' || flag === '--sweep' || flag === '--steady') {
      if (mode !== 'single') throw new UsageError('--scale, --sweep and --steady are separate runs; pick one');
      mode = flag === '--scale' ? 'scale' : flag === '--sweep' ? 'sweep' : 'steady';
    } else if (flag in numeric) {
      const raw = inline ?? argv[++i];
      const value = Number(raw);
      const key = numeric[flag];
      // A steady batch may leave out any kind of event (0 cancellations, returns or new orders).
      const least = key === 'latencyMs' || key in STEADY_DEFAULTS ? 0 : 1;
      if (raw === undefined || !Number.isInteger(value) || value < least) {
        throw new UsageError(`${flag} needs a whole number ≥ ${least}, got ${raw === undefined ? 'nothing' : `"${raw}"`}`);
      }
      values[key] = value;
    } else {
      throw new UsageError(`unknown option ${argv[i]}`);
    }
  }
  const steadyOnly = Object.keys(values).filter((key) => key in STEADY_DEFAULTS);
  if (mode === 'steady') return { mode, json, bundleAtStartup, plan: [], steady: steadySpec(values) };
  if (steadyOnly.length > 0) throw new UsageError(`${steadyOnly.map(flagOf).join(', ')} only go with --steady`);
  const base: MeasurementSpec = { ...DEFAULTS, ...values, ...(listIncludeEntries ? { listIncludeEntries } : {}) };
  if (mode === 'scale') {
    if (values.orders !== undefined) throw new UsageError('--scale chooses N itself; drop --orders');
    return { mode, json, bundleAtStartup, plan: SCALE_ORDERS.map((orders) => ({ ...base, orders })) };
  }
  if (mode === 'sweep') {
    if (values.inFlight !== undefined) throw new UsageError('--sweep chooses the in-flight limit itself; drop --in-flight');
    return { mode, json, bundleAtStartup, plan: SWEEP_IN_FLIGHT.map((inFlight) => ({ ...base, inFlight })) };
  }
  return { mode, json, bundleAtStartup, plan: [base] };
}

function flagOf(key: string): string {
  return {
    shopOrders: '--shop-orders',
    cancellations: '--cancellations',
    cancelledAfterHandover: '--after-handover',
    returns: '--returns',
    newOrders: '--new-orders',
    orders: '--orders',
    inFlight: '--in-flight',
  }[key] ?? key;
}

function steadySpec(values: Record<string, number>): SteadySpec {
  // A steady run takes the orders it finds with the default settings; there is no backlog to size or fan out.
  const misplaced = ['orders', 'inFlight'].filter((key) => values[key] !== undefined);
  if (misplaced.length > 0) throw new UsageError(`--steady runs with the default sync settings; drop ${misplaced.map(flagOf).join(', ')}`);
  const spec: SteadySpec = {
    ...STEADY_DEFAULTS,
    latencyMs: DEFAULTS.latencyMs,
    capSeconds: DEFAULTS.capSeconds,
    ...values,
  };
  if (spec.shopOrders < 1) throw new UsageError('--shop-orders needs a whole number ≥ 1');
  if (spec.cancelledAfterHandover > spec.cancellations) {
    throw new UsageError(`--after-handover (${spec.cancelledAfterHandover}) counts cancellations, so it can't exceed --cancellations (${spec.cancellations})`);
  }
  return spec;
}
