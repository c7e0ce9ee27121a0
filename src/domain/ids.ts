/** Medusa-style prefixed ids: `<prefix>_<26-char ULID>`; time-ordered and unguessable (80 random bits). */
export const ID_PREFIX = {
  cart: "cart",
  lineItem: "item",
  address: "addr",
  paymentSession: "ps",
  payment: "pay",
  shippingMethod: "sm",
  order: "order",
  customer: "cus",
  region: "reg",
  product: "prod",
  variant: "variant",
  option: "opt",
  optionValue: "optval",
  moneyAmount: "ma",
  image: "img",
  tag: "ptag",
  type: "ptyp",
  collection: "pcol",
  category: "pcat",
  salesChannel: "sc",
  publishableKey: "pk",
  shippingOption: "so",
  requirement: "sor",
  shippingProfile: "sp",
  returnReason: "rr",
  discount: "disc",
  discountRule: "dru",
  discountCondition: "discon",
  giftCard: "gift",
  taxRate: "txr",
  store: "store",
  user: "usr",
  adjustment: "lia",
  taxLine: "litl",
  idempotencyKey: "ikey",
  shippingTaxLine: "smtl",
  giftCardTransaction: "gct",
  fulfillment: "ful",
  orderReturn: "ret",
  swap: "swap",
  refund: "ref",
  event: "evt",
  orderEdit: "oe",
  orderItemChange: "oic",
  paymentCollection: "paycol",
} as const

export type IdKind = keyof typeof ID_PREFIX

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** A ULID: 48-bit millisecond timestamp + 80 random bits, Crockford base32. */
export function ulid(nowMs: number, randomBytes: Uint8Array): string {
  let time = ""
  let t = nowMs
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  // 80 bits → 16 base32 chars; take 5 bits at a time across the byte array.
  let bits = 0
  let acc = 0
  let rand = ""
  for (const byte of randomBytes.subarray(0, 10)) {
    acc = (acc << 8) | byte
    bits += 8
    while (bits >= 5) {
      rand += CROCKFORD[(acc >>> (bits - 5)) & 31]
      bits -= 5
    }
    acc &= (1 << bits) - 1
  }
  return time + rand
}

export function newId(kind: IdKind, nowMs = Date.now()): string {
  return `${ID_PREFIX[kind]}_${ulid(nowMs, crypto.getRandomValues(new Uint8Array(10)))}`
}
