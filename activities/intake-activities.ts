/** Intake: the new orders a sync run takes into their own workflows. */
import { log } from '@temporalio/activity';
import { KaspiBadRequestError, type KaspiOrder, type KaspiState, type KaspiStatus, type OrderListing } from '../kaspi/index.js';
import type { IntakeRequest, NewOrderRef, NewOrdersFound, RejectedListEntry, SyncWindow } from '../domain/sync-types.js';
import { cutoverTime } from './database/cutover.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import { recordRejectedElements } from './database/rejected-elements.js';
import { reportingTokenRejection } from './token-rejection.js';

/** Where accepted orders sit, by delivery mode. */
const ACCEPTED_ORDER_STATES: KaspiState[] = ['SIGN_REQUIRED', 'PICKUP', 'DELIVERY', 'KASPI_DELIVERY'];
/**
 * Orders sold outside kaspi-sync that moved past acceptance between two runs (a pickup handed over at the
 * counter within the poll gap, a parcel already cancelled on its way or being returned): their goods left the
 * shop, so their stock is taken too — after the cut-over, once (issue 13 §4).
 */
const SOLD_ELSEWHERE_LISTS: { state: KaspiState; status: KaspiStatus }[] = [
  { state: 'ARCHIVE', status: 'COMPLETED' },
  { state: 'KASPI_DELIVERY', status: 'KASPI_DELIVERY_RETURN_REQUESTED' },
  { state: 'KASPI_DELIVERY', status: 'CANCELLING' },
];
/** Listed orders are matched to the database in chunks of this many ids. */
const LOOKUP_CHUNK = 500;

function toRef(o: KaspiOrder): NewOrderRef {
  return {
    orderId: o.id,
    orderCode: o.code,
    pickupPointId: o.pickupPointId,
    isKaspiDelivery: o.isKaspiDelivery,
    express: o.express,
    creationDate: o.creationDate,
    // Accepted, or further along (completed, in return): never accepted again, never assembled by kaspi-sync.
    acceptedOnKaspi: o.status !== 'APPROVED_BY_BANK',
    ...(o.state === 'SIGN_REQUIRED' && o.status === 'APPROVED_BY_BANK' ? { awaitingSignature: true } : {}),
  };
}

/**
 * Every order waiting for kaspi-sync in the window, all pages, every delivery mode: NEW / APPROVED_BY_BANK
 * orders, plus orders someone already accepted (e.g. by hand in the Kaspi cabinet) that kaspi-sync has not
 * recorded — their stock must be taken too, unless they were created before the cut-over (history: the old
 * script or staff took care of them) or the request says not to. A NEW order is taken whenever it was created:
 * nobody has accepted it, so nobody took its stock, and Kaspi cancels it if it waits. A malformed element is set
 * aside (recorded in log_events and returned, by id and code) and every other order is still taken.
 */
export async function findNewOrders({ db, kaspi, mode, listedOrders }: ActivityDependencies, window: IntakeRequest): Promise<NewOrdersFound> {
  const range = { createdFrom: window.createdFrom, createdTo: window.createdTo };
  const takeAccepted = window.takeStockForAccepted ?? true;
  const cutover = takeAccepted ? await cutoverTime(db) : Number.POSITIVE_INFINITY;
  const rejected: RejectedListEntry[] = [];
  const { fresh, acceptedElsewhere } = await kaspiStep(() =>
    reportingTokenRejection(db, 'listing new orders', async () => {
      // The lines come with the list where Kaspi serves them (Q16): the reservation then needs no request at all.
      const newList = await kaspi.listOrdersSettingAsideMalformed({ state: 'NEW', status: 'APPROVED_BY_BANK', ...range, includeEntries: true });
      listedOrders?.remember(newList);
      rejected.push(...newList.rejected.map((r) => ({ ...r, list: 'NEW/APPROVED_BY_BANK' })));
      // A credit order may wait for the buyer's signature before it can be accepted; its stock is set aside
      // meanwhile, and its workflow accepts it once signed.
      const unsigned = await kaspi.listOrdersSettingAsideMalformed({ state: 'SIGN_REQUIRED', status: 'APPROVED_BY_BANK', ...range });
      newList.orders.push(...unsigned.orders.filter((o) => o.status === 'APPROVED_BY_BANK'));
      rejected.push(...unsigned.rejected.map((r) => ({ ...r, list: 'SIGN_REQUIRED/APPROVED_BY_BANK' })));
      const acceptedElsewhere: KaspiOrder[] = [];
      const lists = [...ACCEPTED_ORDER_STATES.map((state) => ({ state, status: 'ACCEPTED_BY_MERCHANT' as KaspiStatus })), ...SOLD_ELSEWHERE_LISTS];
      for (const { state, status } of takeAccepted ? lists : []) {
        let listing: OrderListing;
        try {
          listing = await kaspi.listOrdersSettingAsideMalformed({ state, status, ...range });
        } catch (error) {
          // A filter Kaspi refuses for a past-acceptance list must not stop new orders: they are what Kaspi
          // cancels if they wait. The accepted lists and NEW stay required.
          if (!(error instanceof KaspiBadRequestError && status !== 'ACCEPTED_BY_MERCHANT')) throw error;
          log.warn('Kaspi refused a sold-elsewhere list; orders sold past acceptance are looked for again next run', { list: `${state}/${status}`, error: error.message });
          continue;
        }
        acceptedElsewhere.push(...listing.orders.filter((o) => o.creationDate >= cutover && o.status === status));
        rejected.push(...listing.rejected.map((r) => ({ ...r, list: `${state}/${status}` })));
      }
      return { fresh: newList.orders, acceptedElsewhere };
    }),
  );
  // A shadow run writes nothing but its decisions: the rejected elements are in its result and its log.
  for (const list of mode === 'shadow' ? [] : new Set(rejected.map((r) => r.list))) {
    await recordRejectedElements(db, rejected.filter((r) => r.list === list), list);
  }
  const known = new Set<string>();
  const acceptedIds = acceptedElsewhere.map((o) => o.id);
  for (let i = 0; i < acceptedIds.length; i += LOOKUP_CHUNK) {
    const rows = await db.kaspiOrder.findMany({ where: { orderId: { in: acceptedIds.slice(i, i + LOOKUP_CHUNK) } }, select: { orderId: true } });
    for (const row of rows) known.add(row.orderId);
  }
  // An order accepted between two list calls can be in both lists: it is started once, from the later,
  // accepted copy (so the order workflow knows not to accept it blindly).
  const listed = new Map<string, KaspiOrder>();
  for (const order of [...fresh, ...acceptedElsewhere.filter((o) => !known.has(o.id))]) listed.set(order.id, order);
  return { orders: [...listed.values()].map(toRef), rejectedCount: rejected.length, rejected: rejected.slice(0, 20) };
}

/** Runs recorded before the steady-state design (legacy workflow path) call this; same as findNewOrders. */
export async function listNewOrders(deps: ActivityDependencies, window: Required<SyncWindow>): Promise<NewOrderRef[]> {
  return (await findNewOrders(deps, window)).orders;
}
