import { createHash } from 'node:crypto';

/**
 * The demo shop, generated deterministically so that every subgraph seeds matching data
 * (the catalog's SKUs are the inventory's SKUs) without reading another subgraph's schema.
 */

/** A demo category, possibly under a parent. */
export interface DemoCategory {
  slug: string;
  name: string;
  parentSlug?: string;
}

/** A demo variant: SKU, options and base price in VND. */
export interface DemoVariant {
  sku: string;
  name: string;
  options: Record<string, string>;
  priceVnd: number;
  weightGrams: number;
}

/** A demo product with its variants. */
export interface DemoProduct {
  slug: string;
  name: string;
  description: string;
  brand: string;
  categorySlug: string;
  variants: DemoVariant[];
}

/** A demo warehouse. */
export interface DemoWarehouse {
  code: string;
  name: string;
  country: string;
  priority: number;
}

/** The demo customer's credentials, printed by `npm start`. */
export const DEMO_CUSTOMER = { email: 'demo@shopgraph.dev', password: 'demo-password-1', firstName: 'Demo', lastName: 'Shopper' };

/** The demo shop owner's credentials (a staff account with every permission), printed by `npm start`; production refuses demo data. */
export const DEMO_OWNER = { email: 'owner@demo.shopgraph.dev', password: 'demo-back-office-1', name: 'Demo Owner' };

/** The demo category tree (three levels). */
export const DEMO_CATEGORIES: DemoCategory[] = [
  { slug: 'apparel', name: 'Apparel' },
  { slug: 'apparel-men', name: 'Men', parentSlug: 'apparel' },
  { slug: 'apparel-men-shirts', name: 'Shirts', parentSlug: 'apparel-men' },
  { slug: 'apparel-women', name: 'Women', parentSlug: 'apparel' },
  { slug: 'apparel-women-dresses', name: 'Dresses', parentSlug: 'apparel-women' },
  { slug: 'electronics', name: 'Electronics' },
  { slug: 'electronics-audio', name: 'Audio', parentSlug: 'electronics' },
  { slug: 'electronics-audio-headphones', name: 'Headphones', parentSlug: 'electronics-audio' },
  { slug: 'home', name: 'Home' },
  { slug: 'home-kitchen', name: 'Kitchen', parentSlug: 'home' },
  { slug: 'home-kitchen-cookware', name: 'Cookware', parentSlug: 'home-kitchen' },
];

/** The demo warehouses, by priority. */
export const DEMO_WAREHOUSES: DemoWarehouse[] = [
  { code: 'VN-HCM-01', name: 'Ho Chi Minh City', country: 'VN', priority: 1 },
  { code: 'VN-HN-01', name: 'Hanoi', country: 'VN', priority: 2 },
  { code: 'SG-01', name: 'Singapore', country: 'SG', priority: 3 },
];

interface Line {
  category: string;
  nouns: string[];
  adjectives: string[];
  brands: string[];
  option: string;
  values: string[];
  basePrice: number;
  weight: number;
}

const LINES: Line[] = [
  {
    category: 'apparel-men-shirts',
    nouns: ['Oxford Shirt', 'Linen Shirt', 'Polo', 'Flannel Shirt'],
    adjectives: ['Classic', 'Slim', 'Everyday', 'Heritage', 'Coastal'],
    brands: ['Saigon Tailors', 'Northwind'],
    option: 'size',
    values: ['S', 'M', 'L', 'XL'],
    basePrice: 350_000,
    weight: 300,
  },
  {
    category: 'apparel-women-dresses',
    nouns: ['Wrap Dress', 'Midi Dress', 'Shirt Dress', 'Slip Dress'],
    adjectives: ['Silk', 'Summer', 'Evening', 'Pleated', 'Floral'],
    brands: ['Lotus Atelier', 'Ao Studio'],
    option: 'size',
    values: ['XS', 'S', 'M', 'L'],
    basePrice: 690_000,
    weight: 400,
  },
  {
    category: 'electronics-audio-headphones',
    nouns: ['Headphones', 'Earbuds', 'Studio Monitors', 'Headset'],
    adjectives: ['Wireless', 'Noise-Cancelling', 'Premium', 'Sport', 'Compact'],
    brands: ['Sonora', 'Beatline'],
    option: 'colour',
    values: ['Black', 'White', 'Blue'],
    basePrice: 1_990_000,
    weight: 350,
  },
  {
    category: 'home-kitchen-cookware',
    nouns: ['Frying Pan', 'Wok', 'Saucepan', 'Dutch Oven'],
    adjectives: ['Cast Iron', 'Non-Stick', 'Carbon Steel', 'Ceramic', 'Copper'],
    brands: ['Bep Viet', 'Ironworks'],
    option: 'size',
    values: ['20cm', '24cm', '28cm'],
    basePrice: 450_000,
    weight: 1800,
  },
];

function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');
}

/** How many products the demo catalog has; catalog, inventory and review seeds all use it. */
export const DEMO_PRODUCT_COUNT = 200;

/** Generates `count` demo products deterministically (same input, same catalog). */
export function demoProducts(count = DEMO_PRODUCT_COUNT): DemoProduct[] {
  const products: DemoProduct[] = [];
  for (let i = 0; products.length < count; i++) {
    const line = LINES[i % LINES.length]!;
    const k = Math.floor(i / LINES.length);
    const adjective = line.adjectives[k % line.adjectives.length]!;
    const noun = line.nouns[Math.floor(k / line.adjectives.length) % line.nouns.length]!;
    const series = Math.floor(k / (line.adjectives.length * line.nouns.length)) + 1;
    const brand = line.brands[k % line.brands.length]!;
    const name = `${adjective} ${noun}${series > 1 ? ` ${series}` : ''}`;
    const slug = slugify(`${brand} ${name}`);
    const code = String(i + 1).padStart(4, '0');
    const price = line.basePrice + ((i * 37_000) % (line.basePrice / 2));
    const roundedPrice = Math.round(price / 1000) * 1000;
    products.push({
      slug,
      name,
      description: `${name} by ${brand}. ${adjective} ${noun.toLowerCase()} made to last, for everyday use.`,
      brand,
      categorySlug: line.category,
      variants: line.values.map((value, v) => ({
        sku: `SG-${code}-${slugify(value).toUpperCase()}`,
        name: `${name} (${value})`,
        options: { [line.option]: value },
        priceVnd: roundedPrice + v * 10_000,
        weightGrams: line.weight + v * 20,
      })),
    });
  }
  return products;
}

/** Demo on-hand stock of a SKU in a warehouse (deterministic; some SKUs are out of stock). */
export function demoStock(sku: string, warehouseCode: string): number {
  let h = 0;
  for (const c of `${sku}@${warehouseCode}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 11 === 0 ? 0 : 5 + (h % 60);
}

/** A stable UUID for a demo record, so subgraphs can refer to each other's demo data. */
export function demoId(kind: string, naturalKey: string): string {
  const hex = createHash('sha1').update(`shopgraph:${kind}:${naturalKey}`).digest('hex');
  // RFC 4122 layout with version 5 and the variant bits set.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** A demo shipping zone: countries sharing rates. */
export interface DemoShippingZone {
  code: string;
  name: string;
  countries: string[];
}

/** A demo shipping method with its weight bands per zone (base-currency prices, VND). */
export interface DemoShippingMethod {
  code: string;
  name: string;
  description: string;
  estimatedDaysMin: number;
  estimatedDaysMax: number;
  freeShippingThresholdVnd: number | null;
  /** Per zone code: bands `[minWeightGrams, maxWeightGrams | null, priceVnd]`, min inclusive, max exclusive. */
  bands: Record<string, [number, number | null, number][]>;
}

/** A demo tax rate; `region` null is country-wide. */
export interface DemoTaxRate {
  countryCode: string;
  region: string | null;
  category: 'STANDARD' | 'REDUCED' | 'ZERO';
  ratePercent: string;
  inclusive: boolean;
}

/** Countries the demo shop delivers to, by zone. */
export const DEMO_SHIPPING_ZONES: DemoShippingZone[] = [
  { code: 'DOMESTIC', name: 'Vietnam', countries: ['VN'] },
  { code: 'ASIA', name: 'Asia', countries: ['JP', 'SG'] },
  { code: 'NORTH_AMERICA', name: 'North America', countries: ['CA', 'US'] },
  { code: 'EUROPE', name: 'Europe', countries: ['DE', 'FR', 'GB'] },
];

/** The demo shipping methods: standard (free from 1,000,000 VND) and express. */
export const DEMO_SHIPPING_METHODS: DemoShippingMethod[] = [
  {
    code: 'STANDARD',
    name: 'Standard delivery',
    description: 'Tracked parcel post.',
    estimatedDaysMin: 3,
    estimatedDaysMax: 7,
    freeShippingThresholdVnd: 1_000_000,
    bands: {
      DOMESTIC: [
        [0, 1000, 30_000],
        [1000, 5000, 45_000],
        [5000, null, 80_000],
      ],
      ASIA: [
        [0, 1000, 150_000],
        [1000, 5000, 250_000],
        [5000, null, 450_000],
      ],
      NORTH_AMERICA: [
        [0, 1000, 350_000],
        [1000, 5000, 600_000],
        [5000, null, 1_100_000],
      ],
      EUROPE: [
        [0, 1000, 320_000],
        [1000, 5000, 550_000],
        [5000, null, 1_000_000],
      ],
    },
  },
  {
    code: 'EXPRESS',
    name: 'Express delivery',
    description: 'Courier, tracked and insured; parcels up to 20 kg.',
    estimatedDaysMin: 1,
    estimatedDaysMax: 3,
    freeShippingThresholdVnd: null,
    bands: {
      DOMESTIC: [
        [0, 1000, 60_000],
        [1000, 5000, 90_000],
        [5000, 20_000, 150_000],
      ],
      ASIA: [
        [0, 1000, 300_000],
        [1000, 5000, 500_000],
        [5000, 20_000, 900_000],
      ],
      NORTH_AMERICA: [
        [0, 1000, 700_000],
        [1000, 5000, 1_200_000],
        [5000, 20_000, 2_200_000],
      ],
      EUROPE: [
        [0, 1000, 650_000],
        [1000, 5000, 1_100_000],
        [5000, 20_000, 2_000_000],
      ],
    },
  },
];

/** Demo tax rates: VAT/GST included in prices; US and Canadian sales taxes added on top. */
export const DEMO_TAX_RATES: DemoTaxRate[] = [
  { countryCode: 'VN', region: null, category: 'STANDARD', ratePercent: '10', inclusive: true },
  { countryCode: 'VN', region: null, category: 'REDUCED', ratePercent: '5', inclusive: true },
  { countryCode: 'VN', region: null, category: 'ZERO', ratePercent: '0', inclusive: true },
  { countryCode: 'JP', region: null, category: 'STANDARD', ratePercent: '10', inclusive: true },
  { countryCode: 'JP', region: null, category: 'REDUCED', ratePercent: '8', inclusive: true },
  { countryCode: 'SG', region: null, category: 'STANDARD', ratePercent: '9', inclusive: true },
  { countryCode: 'CA', region: null, category: 'STANDARD', ratePercent: '5', inclusive: false },
  { countryCode: 'US', region: null, category: 'STANDARD', ratePercent: '0', inclusive: false },
  { countryCode: 'US', region: 'CA', category: 'STANDARD', ratePercent: '7.25', inclusive: false },
  { countryCode: 'US', region: 'NY', category: 'STANDARD', ratePercent: '4', inclusive: false },
  { countryCode: 'US', region: 'TX', category: 'STANDARD', ratePercent: '6.25', inclusive: false },
  { countryCode: 'US', region: 'WA', category: 'STANDARD', ratePercent: '6.5', inclusive: false },
  { countryCode: 'GB', region: null, category: 'STANDARD', ratePercent: '20', inclusive: true },
  { countryCode: 'GB', region: null, category: 'REDUCED', ratePercent: '5', inclusive: true },
  { countryCode: 'GB', region: null, category: 'ZERO', ratePercent: '0', inclusive: true },
  { countryCode: 'DE', region: null, category: 'STANDARD', ratePercent: '19', inclusive: true },
  { countryCode: 'DE', region: null, category: 'REDUCED', ratePercent: '7', inclusive: true },
  { countryCode: 'FR', region: null, category: 'STANDARD', ratePercent: '20', inclusive: true },
  { countryCode: 'FR', region: null, category: 'REDUCED', ratePercent: '5.5', inclusive: true },
];
