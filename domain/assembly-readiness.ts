/**
 * Whether Kaspi allows ASSEMBLE for an order now. Kaspi refuses it for a credit order still waiting for the
 * buyer's signature and for a pre-order whose goods have not arrived; sending it anyway is an error every run
 * (~48 a day per such order, seen against an independent Kaspi model). Such an order is *waiting*, with a
 * reason an operator can read, and is looked at again later. Pure: both ASSEMBLE senders ask here.
 */
export interface AssemblyFacts {
  state: string;
  status: string;
  preOrder: boolean;
  /** kaspi-sync has told Kaspi the pre-order's goods arrived (ARRIVED). */
  preOrderArrived: boolean;
  handedOver: boolean;
}

export type AssemblyReadiness =
  | { ready: true }
  /** Not yet: the order stays accepted and is re-examined later. */
  | { ready: false; waitingFor: string }
  /** Never: there is nothing to assemble (not accepted any more, handed over, not Kaspi Delivery). */
  | { ready: false; never: string };

export const WaitingFor = {
  signature: 'the buyer\'s signature (credit order): Kaspi assembles it only once signed',
  preOrderGoods: 'the pre-order\'s goods: `kaspi-sync order arrived <code>` when they are in',
} as const;

export function assemblyReadiness(facts: AssemblyFacts): AssemblyReadiness {
  if (facts.status !== 'ACCEPTED_BY_MERCHANT') return { ready: false, never: `the order is ${facts.status}` };
  if (facts.handedOver) return { ready: false, never: 'the order is already with the courier' };
  if (facts.state === 'SIGN_REQUIRED') return { ready: false, waitingFor: WaitingFor.signature };
  if (facts.state !== 'KASPI_DELIVERY') return { ready: false, never: `the order is in ${facts.state}, not Kaspi Delivery` };
  if (facts.preOrder && !facts.preOrderArrived) return { ready: false, waitingFor: WaitingFor.preOrderGoods };
  return { ready: true };
}
