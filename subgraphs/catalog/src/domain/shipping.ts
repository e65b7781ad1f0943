import { type Money, money } from '@shopgraph/money';

/**
 * Shipping rules of the catalog, free of ORM and GraphQL.
 *
 * A method delivers to a zone (a set of countries) at prices by weight band: a band covers
 * `minWeightGrams ≤ weight < maxWeightGrams` (no maximum: every heavier parcel). The parcel weight is
 * the sum of variant weight × quantity. Prices and free-shipping thresholds are stored in
 * base-currency minor units and converted with the product-price conversion rule (rate in effect,
 * rounded once half-up). A method whose threshold the order's amount reaches ships for 0.
 */

/** A weight band of a method in a zone. */
export interface WeightBand {
  minWeightGrams: number;
  /** Exclusive upper bound; null for no upper bound. */
  maxWeightGrams: number | null;
  priceBaseMinor: bigint;
}

/** A shipping method with its bands for one destination zone. */
export interface ShippingMethodRule {
  code: string;
  name: string;
  description: string;
  estimatedDaysMin: number;
  estimatedDaysMax: number;
  /** Base-currency minor units; null when the method has no free-shipping threshold. */
  freeShippingThresholdBaseMinor: bigint | null;
  bands: readonly WeightBand[];
}

/** A method offered for a parcel, priced in the order's currency. */
export interface ShippingOffer {
  code: string;
  name: string;
  description: string;
  /** After the free-shipping threshold (0 when reached). */
  price: Money;
  freeShippingThreshold: Money | null;
  estimatedDaysMin: number;
  estimatedDaysMax: number;
}

/** Whether `weight` falls in the band. */
export function inBand(band: Pick<WeightBand, 'minWeightGrams' | 'maxWeightGrams'>, weightGrams: number): boolean {
  return weightGrams >= band.minWeightGrams && (band.maxWeightGrams === null || weightGrams < band.maxWeightGrams);
}

/** The band that covers `weight`, or null when the method does not carry such a parcel. */
export function bandFor(bands: readonly WeightBand[], weightGrams: number): WeightBand | null {
  return bands.find((b) => inBand(b, weightGrams)) ?? null;
}

/** Whether two bands share a weight. */
export function bandsOverlap(
  a: Pick<WeightBand, 'minWeightGrams' | 'maxWeightGrams'>,
  b: Pick<WeightBand, 'minWeightGrams' | 'maxWeightGrams'>,
): boolean {
  const aEnd = a.maxWeightGrams ?? Number.POSITIVE_INFINITY;
  const bEnd = b.maxWeightGrams ?? Number.POSITIVE_INFINITY;
  return a.minWeightGrams < bEnd && b.minWeightGrams < aEnd;
}

/**
 * Every method that carries a parcel of `weightGrams`, priced in the currency of `orderAmount`:
 * free when `orderAmount` reaches the converted threshold. Cheapest first, then fastest, then by code.
 */
export function shippingOffers(
  methods: readonly ShippingMethodRule[],
  weightGrams: number,
  orderAmount: Money,
  toTarget: (baseMinor: bigint) => Money,
): ShippingOffer[] {
  const offers: ShippingOffer[] = [];
  for (const m of methods) {
    const band = bandFor(m.bands, weightGrams);
    if (!band) continue;
    const threshold = m.freeShippingThresholdBaseMinor === null ? null : toTarget(m.freeShippingThresholdBaseMinor);
    const free = threshold !== null && orderAmount.amountMinor >= threshold.amountMinor;
    offers.push({
      code: m.code,
      name: m.name,
      description: m.description,
      price: free ? money(0n, orderAmount.currency) : toTarget(band.priceBaseMinor),
      freeShippingThreshold: threshold,
      estimatedDaysMin: m.estimatedDaysMin,
      estimatedDaysMax: m.estimatedDaysMax,
    });
  }
  return offers.sort((a, b) =>
    a.price.amountMinor !== b.price.amountMinor
      ? a.price.amountMinor < b.price.amountMinor
        ? -1
        : 1
      : a.estimatedDaysMax - b.estimatedDaysMax || a.code.localeCompare(b.code),
  );
}
