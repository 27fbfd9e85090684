/**
 * When a new price list must not replace the published one. An auto-fetched feed that lost offers takes
 * them off sale on Kaspi, and one whose stock collapsed stops the shop selling: both usually mean broken
 * input (a failed inventory load, an emptied table, a wrong allow-list), not a real change. So:
 *
 *   - an empty price list is never published;
 *   - nor one with more than `maxDropShare` fewer offers than the published one;
 *   - nor one whose total stock fell by more than `maxDropShare` beyond what orders explain — units sold
 *     since the published version was made are an expected drop, so a small shop selling its last units
 *     still publishes at once.
 *
 * A refused candidate changes nothing: the last good version stays served. An operator who means the drop
 * publishes it once with `feed publish --accept-drop` (the empty rule still holds).
 */
export interface PriceListTotals {
  offerCount: number;
  totalStock: number;
}

export type GuardrailVerdict = { publish: true } | { publish: false; rule: 'empty' | 'offers-dropped' | 'stock-dropped'; reason: string };

export interface GuardrailInput {
  candidate: PriceListTotals;
  published?: PriceListTotals;
  /** Units orders reserved since the published version was generated. */
  unitsSoldSince: number;
  /** 0–1: the largest share of offers or stock that may vanish in one step. */
  maxDropShare: number;
  acceptDrop?: boolean;
}

const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

export function judgePriceList(input: GuardrailInput): GuardrailVerdict {
  const { candidate, published, maxDropShare } = input;
  if (candidate.offerCount === 0) {
    return { publish: false, rule: 'empty', reason: 'the price list would have no offers (an empty feed takes the whole shop off sale)' };
  }
  if (!published || input.acceptDrop) return { publish: true };

  const offerDrop = published.offerCount > 0 ? (published.offerCount - candidate.offerCount) / published.offerCount : 0;
  if (offerDrop > maxDropShare) {
    return {
      publish: false,
      rule: 'offers-dropped',
      reason: `offers would drop from ${published.offerCount} to ${candidate.offerCount} (−${percent(offerDrop)}, more than the allowed ${percent(maxDropShare)})`,
    };
  }
  const unexplained = published.totalStock - candidate.totalStock - input.unitsSoldSince;
  const stockDrop = published.totalStock > 0 ? unexplained / published.totalStock : 0;
  if (stockDrop > maxDropShare) {
    return {
      publish: false,
      rule: 'stock-dropped',
      reason: `total stock would drop from ${published.totalStock} to ${candidate.totalStock} units, ${unexplained} of them not explained by orders ` +
        `(−${percent(stockDrop)}, more than the allowed ${percent(maxDropShare)})`,
    };
  }
  return { publish: true };
}
