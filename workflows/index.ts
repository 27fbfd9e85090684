// Every workflow type the worker serves.
export { orderSyncWorkflow } from './order-sync.js';
export { processOrderWorkflow } from './process-order.js';
export { priceListWorkflow } from './price-list.js';
export { alertsWorkflow } from './alerts.js';
