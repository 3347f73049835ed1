import { randomInt, sfc32, weightedPicker, type Random } from './prng';

/** A stock item: code, description (as written, trailing spaces included) and list price in £/1000. */
export interface Product {
  readonly code: string;
  readonly description: string;
  readonly priceMilli: number;
}

const COLOURS = ['WHITE', 'RED', 'PINK', 'BLUE', 'GREEN', 'IVORY', 'CREAM', 'BLACK', 'SILVER', 'VINTAGE', 'ANTIQUE', 'PASTEL'];
const MOTIFS = [
  'RETROSPOT', 'HANGING HEART', 'SPACEBOY', 'DOLLY GIRL', 'CIRCUS PARADE', 'WOODLAND', 'PAISLEY PARK',
  'REGENCY', 'JAM MAKING', 'SKULLS', 'LOVEBIRD', 'POLKADOT', 'STRAWBERRY', 'UNION FLAG', 'CHRISTMAS TREE',
  'BIRD ORNAMENT', 'DOILY', 'ROSES', 'SPOTTY', 'FAIRY CAKE',
];
const ITEMS = [
  'LUNCH BAG', 'T-LIGHT HOLDER', 'CAKE CASES', 'JUMBO BAG', 'TEA CUP AND SAUCER', 'CHILDRENS CUTLERY',
  'HOT WATER BOTTLE', 'DOORMAT', 'CAKE TIN', 'MUG', 'NAPKINS', 'WALL CLOCK', 'CANDLE', 'PARTY BUNTING',
  'GIFT WRAP', 'PLASTERS IN TIN', 'SHOPPING BAG', 'COAT HANGER', 'STORAGE JAR', 'NOTEBOOK', 'PURSE',
  'CHARLOTTE BAG', 'TISSUES', 'PEG BAG', 'BAKING SET',
];
const FRAMES = ['PHOTO FRAME', 'RECORD FRAME', 'PICTURE FRAME', 'MIRROR'];
const SETS = ['SET OF 3', 'SET OF 4', 'SET OF 6', 'PACK OF 12', 'PACK OF 60'];

/** Typical list prices in £/1000, weighted by how often they occur in the real data. */
const pickPrice = weightedPicker<number>([
  [290, 4], [390, 8], [420, 24], [550, 8], [650, 8], [830, 17], [850, 28], [1250, 50], [1450, 13],
  [1650, 38], [1950, 13], [2100, 18], [2550, 13], [2950, 28], [3750, 19], [4950, 19], [5950, 8],
  [7950, 7], [8500, 6], [9950, 6], [12750, 4], [16950, 2], [24950, 1],
]);

const pick = <T>(rand: Random, list: readonly T[]): T => list[randomInt(rand, list.length)];

/** Real descriptions mix plain names, commas, inch marks (quotes) and stray trailing spaces. */
function describe(rand: Random): string {
  const shape = rand();
  let text: string;
  if (shape < 0.04) text = `${pick(rand, ITEMS)}, ${pick(rand, MOTIFS)}`;
  else if (shape < 0.06) text = `${pick(rand, FRAMES)} ${5 + randomInt(rand, 8)}" ${pick(rand, COLOURS)}`;
  else if (shape < 0.07) text = `${pick(rand, FRAMES)} ${5 + randomInt(rand, 8)}", ${pick(rand, MOTIFS)}`;
  else if (shape < 0.25) text = `${pick(rand, SETS)} ${pick(rand, MOTIFS)} ${pick(rand, ITEMS)}`;
  else if (shape < 0.55) text = `${pick(rand, MOTIFS)} ${pick(rand, ITEMS)}`;
  else text = `${pick(rand, COLOURS)} ${pick(rand, MOTIFS)} ${pick(rand, ITEMS)}`;
  return rand() < 0.1 ? `${text} ` : text;
}

const CATALOG_SIZE = 3000;
/** Fixed, not the caller's seed: a stock code means the same item in every generated dataset. */
const CATALOG_SEED = 0x5eed_ca7;

function buildCatalog(): Product[] {
  const rand = sfc32(CATALOG_SEED);
  const used = new Set<string>();
  const products: Product[] = [];
  while (products.length < CATALOG_SIZE) {
    const number = 10002 + randomInt(rand, 80000);
    const suffix = rand() < 0.15 ? 'ABCDEFGHJKLMNPRSTW'[randomInt(rand, 18)] : '';
    const code = `${number}${suffix}`;
    if (used.has(code)) continue;
    used.add(code);
    products.push({ code, description: describe(rand), priceMilli: pickPrice(rand) });
  }
  return products;
}

let catalog: Product[] | undefined;

/** A product; popular items come up far more often, as in the real data (squared uniform skew). */
export function pickProduct(rand: Random): Product {
  catalog ??= buildCatalog();
  const u = rand();
  return catalog[Math.floor(u * u * CATALOG_SIZE)];
}

/** Quantities per line, weighted like the real data (1, 2 and 12 dominate). */
export const pickQuantity = weightedPicker<number>([
  [1, 148], [2, 82], [12, 61], [6, 41], [4, 38], [3, 37], [24, 24], [10, 22], [8, 13], [5, 12], [48, 6],
  [25, 5], [20, 5], [16, 4], [36, 4], [7, 3], [9, 2], [72, 2], [100, 2], [96, 2], [18, 2], [30, 1],
  [40, 1], [32, 1], [144, 1], [50, 1],
]);
