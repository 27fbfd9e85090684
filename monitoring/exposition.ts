/**
 * Prometheus text exposition (format 0.0.4) for the few metric shapes kaspi-sync exports: counters and
 * gauges with labels, and histograms from bucket counts. Small on purpose — no client library, because
 * most figures are computed from the database at scrape time rather than accumulated in the process.
 */

export type Labels = Record<string, string>;

/** `suffix` names a histogram's series (_bucket, _sum, _count). */
export interface Sample { labels?: Labels; value: number; suffix?: string }

export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: Sample[];
}

/** Cumulative bucket counts (le → count of observations ≤ le), plus the sum and the total count. */
export interface HistogramData { buckets: { le: number; count: number }[]; sum: number; count: number; labels?: Labels }

export function histogramFamily(name: string, help: string, data: HistogramData[]): MetricFamily {
  const samples: Sample[] = [];
  for (const h of data) {
    for (const bucket of h.buckets) samples.push({ labels: { ...h.labels, le: String(bucket.le) }, value: bucket.count, suffix: '_bucket' });
    samples.push({ labels: { ...h.labels, le: '+Inf' }, value: h.count, suffix: '_bucket' });
    samples.push({ labels: h.labels, value: h.sum, suffix: '_sum' });
    samples.push({ labels: h.labels, value: h.count, suffix: '_count' });
  }
  return { name, help, type: 'histogram', samples };
}

export function renderFamilies(families: readonly MetricFamily[]): string {
  return families.map(renderFamily).join('');
}

function renderFamily(family: MetricFamily): string {
  const lines = [`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${family.name} ${family.type}`];
  for (const sample of family.samples) {
    const suffix = sample.suffix ?? '';
    lines.push(`${family.name}${suffix}${renderLabels(sample.labels)} ${renderValue(sample.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function renderValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** A counter kept in this process, by label set. */
export class LabelledCounter {
  private readonly counts = new Map<string, { labels: Labels; value: number }>();

  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels, by = 1): void {
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = this.counts.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.counts.set(key, entry);
  }

  value(labels: Labels): number {
    return this.counts.get(JSON.stringify(Object.entries(labels).sort()))?.value ?? 0;
  }

  family(): MetricFamily {
    return { name: this.name, help: this.help, type: 'counter', samples: [...this.counts.values()].map(({ labels, value }) => ({ labels, value })) };
  }
}
