import { z } from 'zod';

/**
 * Zod schemas for the Kaspi JSON:API responses the client reads. Objects are loose: Kaspi adds fields
 * without notice, and only the fields we use may fail validation.
 */

const nullableString = z.string().nullish();
const nullableNumber = z.number().nullish();
const nullableBoolean = z.boolean().nullish();

/** Kaspi sends order codes as digit strings; an occasional bare number is still the same code. */
const orderCode = z.union([z.string().min(1), z.number()]).transform(String);

const relationship = z.looseObject({
  links: z.looseObject({ self: z.string().optional(), related: z.string().optional() }).optional(),
  data: z.looseObject({ type: z.string(), id: z.string() }).nullish(),
});

const kaspiDelivery = z.looseObject({
  waybill: nullableString,
  waybillNumber: z.union([z.string(), z.number()]).transform(String).nullish(),
  courierTransmissionDate: nullableNumber,
  express: nullableBoolean,
  returnedToWarehouse: nullableBoolean,
});

const orderAttributes = z.looseObject({
  code: orderCode,
  state: z.string(),
  status: z.string(),
  creationDate: z.number(),
  totalPrice: z.number(),
  pickupPointId: nullableString,
  isKaspiDelivery: nullableBoolean,
  deliveryMode: nullableString,
  preOrder: nullableBoolean,
  signatureRequired: nullableBoolean,
  assembled: nullableBoolean,
  cancellationReason: nullableString,
  kaspiDelivery: kaspiDelivery.nullish(),
  // Old documentation lists the Kaspi Delivery fields at the top level; read them there as a fallback.
  waybill: nullableString,
  waybillNumber: z.union([z.string(), z.number()]).transform(String).nullish(),
  courierTransmissionDate: nullableNumber,
  express: nullableBoolean,
  returnedToWarehouse: nullableBoolean,
});

export const orderResource = z.looseObject({
  type: z.literal('orders'),
  id: z.string().min(1),
  attributes: orderAttributes,
});
export type OrderResource = z.infer<typeof orderResource>;

export const orderListDocument = z.looseObject({
  data: z.array(orderResource),
  meta: z.looseObject({ pageCount: z.number().int().nonnegative(), totalCount: z.number().int().optional() }).optional(),
});

/**
 * A list page checked only for its frame: each element is then validated on its own (orderResource), so one
 * malformed order is reported and skipped while the rest of the page is used.
 */
export const orderListFrame = z.looseObject({
  data: z.array(z.unknown()),
  meta: z.looseObject({ pageCount: z.number().int().nonnegative(), totalCount: z.number().int().optional() }).optional(),
});

export const orderDocument = z.looseObject({ data: orderResource });

const customer = z.looseObject({
  name: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  cellPhone: z.union([z.string(), z.number()]).transform(String).nullish(),
});

/** Validates only the buyer's contact of an order resource, so a customer oddity never blocks order processing. */
export const orderCustomerResource = z.looseObject({
  id: z.string(),
  // phoneAlias (2026 guide): the buyer's phone for own delivery, e.g. "+ 7 (705) 943-05-21,1111111111"; any
  // other shape is ignored rather than failing the order.
  attributes: z.looseObject({ code: orderCode.optional(), customer: customer.nullish(), phoneAlias: z.unknown().optional() }),
});

/** Validates only what getOrderCustomer reads. */
export const orderCustomerDocument = z.looseObject({ data: orderCustomerResource });

const entryAttributes = z.looseObject({
  quantity: z.number(),
  basePrice: z.number(),
  totalPrice: z.number(),
  entryNumber: z.number().int().optional(),
  // PIECES, MEASURABLE, MEASURABLE_PIECES, and from 2026 METERED, METERED_PIECES: an open set.
  unitType: nullableString,
  offer: z.looseObject({ code: nullableString, name: nullableString }).nullish(),
});

export const entryResource = z.looseObject({
  type: z.literal('orderentries'),
  id: z.string().min(1),
  attributes: entryAttributes,
  relationships: z
    .looseObject({ product: relationship.optional(), deliveryPointOfService: relationship.optional() })
    .optional(),
});
export type EntryResource = z.infer<typeof entryResource>;

export const entryListDocument = z.looseObject({ data: z.array(entryResource) });

export const masterProductDocument = z.looseObject({
  data: z.looseObject({
    type: z.literal('masterproducts'),
    id: z.string(),
    attributes: z.looseObject({ code: z.string().optional(), name: nullableString }).optional(),
    relationships: z.looseObject({ merchantProduct: relationship.optional() }).optional(),
  }),
});

export const merchantProductDocument = z.looseObject({
  data: z
    .looseObject({
      type: z.literal('merchantproducts'),
      id: z.string().optional(),
      attributes: z.looseObject({ code: nullableString, name: nullableString }),
    })
    .nullable(),
});

/** Status-change echoes are only checked for shape: Kaspi's echoed values vary and carry no information. */
export const statusChangeDocument = z.looseObject({
  data: z.looseObject({ type: z.string(), id: z.string() }),
});

export const errorDocument = z.looseObject({
  errors: z.array(z.looseObject({ title: z.string().optional(), detail: z.string().optional() })).min(1),
});
