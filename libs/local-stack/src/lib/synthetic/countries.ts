import { randomInt, weightedPicker, type Random } from './prng';

/** The 38 countries of the real data, weighted by their lines there (United Kingdom ~91%). */
const COUNTRY_LINES: readonly (readonly [string, number])[] = [
  ['United Kingdom', 495478], ['Germany', 9495], ['France', 8557], ['EIRE', 8196],
  ['Spain', 2533], ['Netherlands', 2371], ['Belgium', 2069], ['Switzerland', 2002],
  ['Portugal', 1519], ['Australia', 1259], ['Norway', 1086], ['Italy', 803],
  ['Channel Islands', 758], ['Finland', 695], ['Cyprus', 622], ['Sweden', 462],
  ['Unspecified', 446], ['Austria', 401], ['Denmark', 389], ['Japan', 358], ['Poland', 341],
  ['Israel', 297], ['USA', 291], ['Hong Kong', 288], ['Singapore', 229], ['Iceland', 182],
  ['Canada', 151], ['Greece', 146], ['Malta', 127], ['United Arab Emirates', 68],
  ['European Community', 61], ['RSA', 58], ['Lebanon', 45], ['Lithuania', 35], ['Brazil', 32],
  ['Czech Republic', 30], ['Bahrain', 19], ['Saudi Arabia', 10],
];

export const COUNTRIES: readonly string[] = COUNTRY_LINES.map(([name]) => name);
export const HOME_COUNTRY = 'United Kingdom';

export const pickCountry = weightedPicker(COUNTRY_LINES);

/** Real customer ids run from 12346 to 18287; each country owns a block sized by its volume. */
const FIRST_CUSTOMER = 12346;
const CUSTOMER_COUNT = 5942;

const customerBlocks: ReadonlyMap<string, { first: number; size: number }> = (() => {
  const total = COUNTRY_LINES.reduce((sum, [, lines]) => sum + lines, 0);
  const blocks = new Map<string, { first: number; size: number }>();
  let next = FIRST_CUSTOMER;
  for (const [name, lines] of COUNTRY_LINES) {
    const size = Math.max(2, Math.round((CUSTOMER_COUNT * lines) / total));
    blocks.set(name, { first: next, size });
    next += size;
  }
  return blocks;
})();

/** A customer of that country, so one customer always shops from one country. */
export function pickCustomer(rand: Random, country: string): number {
  const block = customerBlocks.get(country);
  if (!block) throw new Error(`no customer block for country ${country}`);
  return block.first + randomInt(rand, block.size);
}
