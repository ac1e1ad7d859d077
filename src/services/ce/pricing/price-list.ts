/**
 * The price list: `data/price-list.json`, in the shape of AWS's public price list offer files
 * (`products` by SKU with `servicecode`/`servicename`/`usagetype` attributes; `terms.OnDemand` with
 * `priceDimensions` whose `beginRange`/`endRange`/`pricePerUnit.USD` are the tiers). The numbers are
 * Rampart's own (docs/billing.md). Read once, validated: tiers of a product must start at 0, be
 * contiguous and end with `Inf`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseUsd, type Money } from './money.js';

export interface Tier {
  readonly begin: bigint;
  /** Exclusive; undefined for the last tier (`Inf`). */
  readonly end: bigint | undefined;
  /** Per unit. */
  readonly price: Money;
}

export interface Product {
  readonly sku: string;
  /** Rampart's service name (the gateway's, e.g. `iam`). */
  readonly serviceCode: string;
  /** The SERVICE dimension value (AWS's name of the service). */
  readonly serviceName: string;
  readonly usageType: string;
  readonly unit: string;
  readonly tiers: readonly Tier[];
}

export interface PriceList {
  readonly version: string;
  /** Product of a service code and usage type, or undefined (then the usage is free). */
  product(serviceCode: string, usageType: string): Product | undefined;
  /** The SERVICE dimension value of a service code (its own code when the price list has none). */
  serviceName(serviceCode: string): string;
  readonly products: readonly Product[];
}

interface RawDimension { beginRange: string; endRange: string; unit: string; pricePerUnit: { USD?: string } }
interface RawOffer {
  version: string;
  products: Record<string, { sku: string; attributes: Record<string, string> }>;
  terms: { OnDemand: Record<string, Record<string, { priceDimensions: Record<string, RawDimension> }>> };
}

/** Builds and validates a price list from an offer document (throws with the SKU at fault). */
export function priceListOf(raw: unknown): PriceList {
  const offer = raw as RawOffer;
  const products: Product[] = [];
  for (const [sku, p] of Object.entries(offer.products ?? {})) {
    const a = p.attributes ?? {};
    if (!a['servicecode'] || !a['usagetype'] || !a['servicename']) throw new Error(`price list: product ${sku} lacks servicecode, servicename or usagetype`);
    const dims = Object.values(offer.terms?.OnDemand?.[sku] ?? {}).flatMap((t) => Object.values(t.priceDimensions));
    if (dims.length === 0) throw new Error(`price list: product ${sku} has no OnDemand price dimensions`);
    const tiers = dims
      .map((d) => ({ begin: BigInt(d.beginRange), end: d.endRange === 'Inf' ? undefined : BigInt(d.endRange), price: parseUsd(d.pricePerUnit.USD ?? ''), unit: d.unit }))
      .sort((x, y) => (x.begin < y.begin ? -1 : 1));
    tiers.forEach((t, i) => {
      const expected = i === 0 ? 0n : tiers[i - 1]!.end;
      if (t.begin !== expected || (t.end !== undefined && t.end <= t.begin) || (t.end === undefined) !== (i === tiers.length - 1)) {
        throw new Error(`price list: tiers of ${sku} must start at 0, be contiguous and end with Inf`);
      }
    });
    products.push({ sku, serviceCode: a['servicecode'], serviceName: a['servicename'], usageType: a['usagetype'], unit: tiers[0]!.unit, tiers: tiers.map(({ begin, end, price }) => ({ begin, end, price })) });
  }
  const byKey = new Map(products.map((p) => [`${p.serviceCode}|${p.usageType}`, p]));
  if (byKey.size !== products.length) throw new Error('price list: two products for one service and usage type');
  const names = new Map(products.map((p) => [p.serviceCode, p.serviceName]));
  return {
    version: offer.version,
    products,
    product: (s, u) => byKey.get(`${s}|${u}`),
    serviceName: (s) => names.get(s) ?? s,
  };
}

let loaded: PriceList | undefined;

/** Rampart's price list (`data/price-list.json` at the package root), read once. */
export function defaultPriceList(): PriceList {
  if (loaded) return loaded;
  // Works from src/ (tsx) and dist/src/ (built): data/ sits at the package root in both cases.
  const url = new URL(`../../../../${import.meta.url.includes('/dist/') ? '../' : ''}data/price-list.json`, import.meta.url);
  // protocol-lint: allow the price list is data read from disk, not a request or response body
  loaded = priceListOf(JSON.parse(readFileSync(fileURLToPath(url), 'utf8')));
  return loaded;
}
