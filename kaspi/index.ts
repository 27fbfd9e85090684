export { KaspiClient, MAX_PAGE_SIZE, type ListOrdersQuery, type OrderListing } from './client.js';
export type { RejectedElement } from './payload.js';
export { normaliseKaspiBaseUrl, type KaspiClientConfig } from './config.js';
export * from './errors.js';
export * from './types.js';
export { startOfAlmatyDay, endOfAlmatyDay, almatyDate } from './almaty-time.js';
export { splitCreationWindow, MAX_CREATION_WINDOW_MS } from './creation-windows.js';
