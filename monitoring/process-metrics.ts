/** Counters only this worker process can know: Kaspi requests it sent and alert deliveries it attempted. */
import { LabelledCounter } from './exposition.js';
import { KaspiRequestMonitor } from './kaspi-requests.js';

export interface ProcessMetrics {
  kaspi: KaspiRequestMonitor;
  /** kaspi_sync_alert_deliveries_total{channel,result}: result delivered, failed (retried), rejected, given_up. */
  alertDeliveries: LabelledCounter;
}

export function createProcessMetrics(now: () => number = Date.now): ProcessMetrics {
  return {
    kaspi: new KaspiRequestMonitor(now),
    alertDeliveries: new LabelledCounter('kaspi_sync_alert_deliveries_total', 'Alert delivery attempts of this worker process, by channel and result (delivered; failed = retried with back-off; rejected = the channel refused the message for good; given_up).'),
  };
}
