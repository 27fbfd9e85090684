import { kaspiId } from './ids.js';
import type { SandboxEntry, SandboxOrder } from './model.js';
import type { MasterProduct } from './store.js';

type Resource = Record<string, unknown>;

const ALMATY = { id: kaspiId('750000000'), code: '750000000', name: 'Алматы', active: true };

function address(street: string, number: string) {
  return {
    streetName: street,
    streetNumber: number,
    town: 'Алматы',
    district: null,
    building: null,
    apartment: null,
    formattedAddress: `Алматы, ${street}, ${number}`,
    latitude: 43.2389,
    longitude: 76.8897,
  };
}

/** The 2026 guide's additions: a trusted recipient, the buyer's phone as an alias, the completion time. */
function fields2026Of(order: SandboxOrder): Record<string, unknown> {
  const digits = order.customer.cellPhone.replace(/\D/g, '').slice(-10).padStart(10, '0');
  return {
    recipient: { firstName: 'Данияр', lastName: `Ахметов-${order.code.slice(-4)}`, cellPhone: `705${order.code.padStart(7, '0').slice(-7)}` },
    phoneAlias: `+ 7 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)},1111111111`,
    ...(order.completionDate !== null ? { completionDate: order.completionDate } : {}),
  };
}

/** Renders sandbox records as Kaspi's JSON:API resources (spec §2, §6), with links in the configured style. */
export class JsonApiRenderer {
  constructor(
    /** Maps an API path (`/orders/…`) to the link Kaspi would emit. */
    private readonly link: (apiPath: string) => string,
    /** Render the 2026 guide's fields (SandboxOptions.fields2026). */
    private readonly fields2026 = false,
  ) {}

  order(order: SandboxOrder): Resource {
    const self = `/orders/${encodeURIComponent(order.id)}`;
    return {
      type: 'orders',
      id: order.id,
      attributes: {
        code: order.code,
        totalPrice: order.totalPrice,
        paymentMode: 'PREPAID',
        creationDate: order.creationDate,
        approvedByBankDate: order.approvedByBankDate,
        deliveryCostForSeller: order.isKaspiDelivery ? 990 : 0,
        isKaspiDelivery: order.isKaspiDelivery,
        deliveryMode: order.deliveryMode,
        ...(order.deliveryMode === 'DELIVERY_PICKUP' ? {} : { deliveryAddress: address('проспект Абая', '52') }),
        signatureRequired: order.signatureRequired,
        preOrder: order.preOrder,
        pickupPointId: order.pickupPointId,
        state: order.state,
        status: order.status,
        assembled: order.assembled,
        ...(order.cancellationReason ? { cancellationReason: order.cancellationReason } : {}),
        customer: this.fields2026 ? { id: order.customer.id, firstName: order.customer.firstName, lastName: order.customer.lastName, name: null } : { ...order.customer, name: null },
        ...(this.fields2026 ? fields2026Of(order) : {}),
        ...(order.kaspiDelivery
          ? {
              kaspiDelivery: { ...order.kaspiDelivery, firstMileCourier: null },
              originAddress: {
                id: order.pointOfServiceId,
                displayName: order.warehouse,
                address: address('улица Толе би', '101'),
                city: ALMATY,
              },
            }
          : {}),
        deliveryCost: 0,
      },
      relationships: {
        user: { links: this.links(`${self}/relationships/user`, `${self}/user`), data: { type: 'customers', id: order.customer.id } },
        entries: { links: this.links(`${self}/relationships/entries`, `${self}/entries`) },
      },
      links: { self: this.link(self) },
    };
  }

  /** POST /orders replies echo only the changed attributes (spec §2.7). */
  statusChange(order: SandboxOrder, echo: Record<string, unknown>): Resource {
    const self = `/orders/${encodeURIComponent(order.id)}`;
    return {
      type: 'orders',
      id: order.id,
      attributes: echo,
      relationships: {
        user: { links: this.links(`${self}/relationships/user`, `${self}/user`), data: null },
        entries: { links: this.links(`${self}/relationships/entries`, `${self}/entries`) },
      },
      links: { self: this.link(self) },
    };
  }

  customer(order: SandboxOrder): Resource {
    const { id, firstName, lastName, cellPhone } = order.customer;
    const attributes = this.fields2026 ? { firstName, lastName } : { firstName, lastName, cellPhone };
    return { type: 'customers', id, attributes, relationships: {}, links: { self: this.link(`/customers/${encodeURIComponent(id)}`) } };
  }

  entry(order: SandboxOrder, entry: SandboxEntry, detailed = false): Resource {
    const self = `/orderentries/${encodeURIComponent(entry.id)}`;
    return {
      type: 'orderentries',
      id: entry.id,
      attributes: {
        unitType: entry.unitType,
        ...(entry.offerVisible ? { offer: { code: entry.sku, name: entry.name } } : {}),
        quantity: entry.quantity,
        basePrice: entry.basePrice,
        totalPrice: entry.totalPrice,
        weight: 0,
        entryNumber: entry.entryNumber,
        category: { code: 'Master - Household', title: 'Товары для дома' },
        deliveryCost: 0,
        isImeiRequired: false,
        ...(detailed ? { minAllowedWeight: 0 } : {}),
      },
      relationships: {
        product: {
          links: this.links(`${self}/relationships/product`, `${self}/product`),
          data: { type: 'masterproducts', id: entry.masterProductId },
        },
        deliveryPointOfService: {
          links: this.links(`${self}/relationships/deliveryPointOfService`, `${self}/deliveryPointOfService`),
          data: { type: 'pointofservices', id: order.pointOfServiceId },
        },
      },
      links: { self: this.link(self) },
    };
  }

  masterProduct(product: MasterProduct): Resource {
    const self = `/masterproducts/${encodeURIComponent(product.id)}`;
    return {
      type: 'masterproducts',
      id: product.id,
      attributes: { code: product.code, name: product.name, manufacturer: 'Sandbox', category: 'Товары для дома' },
      relationships: {
        merchantProduct: { links: this.links(`${self}/relationships/merchantProduct`, `${self}/merchantProduct`), data: null },
      },
      links: { self: this.link(self) },
    };
  }

  merchantProduct(product: MasterProduct & { sku: string }): Resource {
    const id = kaspiId(product.sku);
    return {
      type: 'merchantproducts',
      id,
      attributes: { code: product.sku, name: product.name, manufacturer: 'Sandbox' },
      relationships: {},
      links: { self: this.link(`/merchantproducts/${encodeURIComponent(id)}`) },
    };
  }

  pointOfService(id: string, warehouse: string): Resource {
    const self = `/pointofservices/${encodeURIComponent(id)}`;
    return {
      type: 'pointofservices',
      id,
      attributes: { address: address('улица Толе би', '101'), displayName: warehouse },
      relationships: { city: { links: this.links(`${self}/relationships/city`, `${self}/city`), data: { type: 'cities', id: ALMATY.id } } },
      links: { self: this.link(self) },
    };
  }

  private links(self: string, related: string) {
    return { self: this.link(self), related: this.link(related) };
  }
}
