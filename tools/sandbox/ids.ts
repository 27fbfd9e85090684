/** Kaspi ids look like unpadded base64 of a readable key (docs §2.9); the sandbox mints them the same way. */
export function kaspiId(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64').replace(/=+$/, '');
}

export function decodeKaspiId(id: string): string {
  return Buffer.from(id, 'base64').toString('utf8');
}

export const orderIdFor = (code: string): string => kaspiId(code);
export const entryIdFor = (code: string, entryNumber: number): string => kaspiId(`${code}##${entryNumber}`);
export const pickupPointIdFor = (merchantId: string, warehouse: string): string => `${merchantId}_${warehouse}`;
export const pointOfServiceIdFor = (merchantId: string, warehouse: string): string =>
  kaspiId(pickupPointIdFor(merchantId, warehouse));

/** A stable small hash for deriving deterministic fake data (product codes, prices) from strings. */
export function stableHash(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
