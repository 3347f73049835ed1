/**
 * Benchmark: every chart of @ecomlake/plots for aggregates of the full real dataset, as SVG
 * and PNG, plus the animated monthly map (GIF and WebP) and the static all-period map.
 *
 * Rounds, in one process: ours cold (renderCharts, as the pipeline calls it, on first use:
 * jsdom window, atlas, projections, JIT), the peer, ours warm, and ours one chart after
 * another (what each chart costs alone). The peer renders through the same charts the naive
 * way: caches dropped before every chart and map frame (a fresh jsdom window, the world
 * re-projected), each full frame rasterized, one after another, and each animation
 * rasterized again from the SVG frames. totalSeconds is ours cold: wall time, SVG + PNG of
 * every chart, the 13 monthly frames, GIF and WebP.
 *
 *   npx nx run bench:plots [-- --out out/plots-sample]
 */
import { createReadStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { milli, type CountryMonthSales, type DailyRevenue, type OrderValue } from '@ecomlake/model';
import { peakRssMiB, printJsonResult, printTable } from './report';

const DATA = path.resolve(__dirname, '../../../../shared/data/online-retail/by-day');
const outArg = process.argv.indexOf('--out');
const OUT = path.resolve(process.cwd(), outArg > 0 ? process.argv[outArg + 1] : 'out/plots-sample');

type Plots = typeof import('@ecomlake/plots') & typeof import('@ecomlake/plots/testing');

const PEER = 'naive: caches dropped before each chart and map frame (fresh jsdom, world re-projected), full SVG rasterized per frame, one after another, animations rasterized again from the SVGs';

interface Aggregates {
  ukDays: DailyRevenue[];
  countryMonths: CountryMonthSales[];
  orders: OrderValue[];
  customerId: string;
  rows: number;
}

/** Splits one CSV line (quotes allowed, as in Description). */
function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** `2.55` → 2550 thousandths, exactly (no float arithmetic). */
function toMilli(price: string): number {
  const [whole, frac = ''] = price.split('.');
  return Number(whole) * 1000 + Number((frac + '000').slice(0, 3));
}

/**
 * Sales aggregates, a small stand-in for the cleaning and queries libraries: lines that
 * are cancellations, exact duplicates, or have quantity or price ≤ 0 are left out.
 */
async function aggregate(): Promise<Aggregates> {
  const files = readdirSync(DATA).filter((f) => f.endsWith('.csv')).sort();
  if (files.length === 0) throw new Error(`No CSV files in ${DATA}: download the dataset first (see README).`);
  const uk = new Map<string, { revenueMilli: number; invoices: Set<string> }>();
  const cm = new Map<string, { country: string; month: string; revenueMilli: number; invoices: Set<string> }>();
  const invoices = new Map<string, OrderValue>();
  let rows = 0;
  for (const file of files) {
    const seen = new Set<string>();
    let header = true;
    for await (const line of createInterface({ input: createReadStream(path.join(DATA, file)) })) {
      if (header || !line) {
        header = false;
        continue;
      }
      rows += 1;
      if (seen.has(line)) continue;
      seen.add(line);
      const [invoiceNo, , , qty, date, price, customer, country] = splitCsv(line);
      const quantity = Number(qty);
      const priceMilli = toMilli(price);
      if (invoiceNo.startsWith('C') || !(quantity > 0) || !(priceMilli > 0)) continue;
      const amount = quantity * priceMilli;
      const day = date.slice(0, 10);
      const month = date.slice(0, 7);
      if (country === 'United Kingdom') {
        const d = uk.get(day) ?? { revenueMilli: 0, invoices: new Set() };
        d.revenueMilli += amount;
        d.invoices.add(invoiceNo);
        uk.set(day, d);
      }
      const key = `${month}|${country}`;
      const c = cm.get(key) ?? { country, month, revenueMilli: 0, invoices: new Set() };
      c.revenueMilli += amount;
      c.invoices.add(invoiceNo);
      cm.set(key, c);
      const o = invoices.get(invoiceNo);
      if (o) {
        o.valueMilli = milli(o.valueMilli + amount);
        o.lines += 1;
      } else {
        invoices.set(invoiceNo, { invoiceNo, country, customerId: customer ? customer.replace(/\.0$/, '') : undefined, invoiceDate: date.replace(' ', 'T'), valueMilli: milli(amount), lines: 1 });
      }
    }
  }
  const orders = [...invoices.values()];
  const perCustomer = new Map<string, number>();
  for (const o of orders) if (o.customerId) perCustomer.set(o.customerId, (perCustomer.get(o.customerId) ?? 0) + 1);
  const customerId = [...perCustomer].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  return {
    ukDays: [...uk].sort().map(([day, d]) => ({ day, revenueMilli: milli(d.revenueMilli), orders: d.invoices.size })),
    countryMonths: [...cm.values()].map((c) => ({ country: c.country, month: c.month, revenueMilli: milli(c.revenueMilli), orders: c.invoices.size })),
    orders,
    customerId,
    rows,
  };
}

interface Output {
  name: string;
  data: string | Buffer;
}

interface RoundResult {
  charts: Record<string, number>;
  totalSeconds: number;
  outputs: Output[];
}

const seconds = (from: number) => (performance.now() - from) / 1000;

/** Ours, as the pipeline calls it: every chart at once through renderCharts. */
async function ours(p: Plots, a: Aggregates): Promise<RoundResult> {
  const start = performance.now();
  const result = await p.renderCharts({ dailyRevenue: a.ukDays, country: 'United Kingdom', countryMonthSales: a.countryMonths, orders: a.orders, customerId: a.customerId });
  const totalSeconds = seconds(start);
  const outputs: Output[] = [...result.files, { name: 'bubble-map-base.svg', data: result.bubbleMap.baseSvg }, { name: 'bubble-map-layout.json', data: JSON.stringify(result.bubbleMap.layout) }];
  return { charts: { ...result.seconds }, totalSeconds, outputs };
}

/** Ours one chart after another, to see what each costs alone (shared caches, map frames composited). */
async function oursSequential(p: Plots, a: Aggregates): Promise<RoundResult> {
  const charts: Record<string, number> = {};
  const start = performance.now();
  const timed = async (key: string, work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    charts[key] = seconds(t);
  };
  const svgAndPng = (svg: string) => p.toPng(svg);
  await timed('salesTrend', () => svgAndPng(p.salesTrendSvg(a.ukDays)));
  await timed('bubbleMapMonthly', () => p.bubbleMapImages(p.layoutBubbleMap(a.countryMonths)));
  await timed('bubbleMapAll', () => svgAndPng(p.bubbleMapSvgs(a.countryMonths, { period: 'all' }).frames[0]));
  await timed('orderValues', () => svgAndPng(p.orderValueDistributionSvg(a.orders)));
  await timed('customerOrders', () => svgAndPng(p.customerOrdersSvg(a.orders.filter((o) => o.customerId === a.customerId))));
  return { charts, totalSeconds: seconds(start), outputs: [] };
}

/** The naive peer: same charts, no caches, everything one after another, animations re-rasterized from SVG. */
async function peer(p: Plots, a: Aggregates): Promise<RoundResult> {
  const charts: Record<string, number> = {};
  const start = performance.now();
  const svgAndPng = async (key: string, render: () => string) => {
    const t = performance.now();
    p.resetRenderCaches();
    await p.toPng(render());
    charts[key] = seconds(t);
  };
  await svgAndPng('salesTrend', () => p.salesTrendSvg(a.ukDays));

  let t = performance.now();
  p.resetRenderCaches();
  const layout = p.layoutBubbleMap(a.countryMonths);
  const frames: string[] = [];
  for (let i = 0; i < layout.frames.length; i++) {
    p.resetRenderCaches();
    frames.push(p.bubbleMapFrameSvg(p.layoutBubbleMap(a.countryMonths), i));
    await p.toPng(frames[i]);
  }
  await p.toAnimation(frames, { format: 'gif' });
  await p.toAnimation(frames, { format: 'webp' });
  charts.bubbleMapMonthly = seconds(t);

  t = performance.now();
  p.resetRenderCaches();
  await p.toPng(p.bubbleMapSvgs(a.countryMonths, { period: 'all' }).frames[0]);
  charts.bubbleMapAll = seconds(t);

  await svgAndPng('orderValues', () => p.orderValueDistributionSvg(a.orders));
  await svgAndPng('customerOrders', () => p.customerOrdersSvg(a.orders.filter((o) => o.customerId === a.customerId)));
  return { charts, totalSeconds: seconds(start), outputs: [] };
}

async function main(): Promise<void> {
  let t = performance.now();
  const a = await aggregate();
  const dataSeconds = seconds(t);

  t = performance.now();
  const p: Plots = { ...(await import('@ecomlake/plots')), ...(await import('@ecomlake/plots/testing')) };
  const importSeconds = seconds(t);

  const cold = await ours(p, a);
  const naive = await peer(p, a);
  const warm = await ours(p, a);
  const sequential = await oursSequential(p, a);

  mkdirSync(OUT, { recursive: true });
  for (const o of cold.outputs) writeFileSync(path.join(OUT, o.name), o.data);
  const size = (name: string) => cold.outputs.find((o) => o.name === name)?.data.length ?? 0;

  const keys = ['salesTrend', 'bubbleMapMonthly', 'bubbleMapAll', 'orderValues', 'customerOrders'];
  printTable(
    `@ecomlake/plots: ${a.rows.toLocaleString('en-GB')} rows → ${a.ukDays.length} UK days, ${a.countryMonths.length} country-months, ${a.orders.length.toLocaleString('en-GB')} orders (aggregated in ${dataSeconds.toFixed(1)} s, import ${importSeconds.toFixed(2)} s)`,
    [
      ...keys.map((k) => ({ chart: k, 'ours cold s': cold.charts[k], 'ours warm s': warm.charts[k], 'ours one by one s': sequential.charts[k], 'peer s': naive.charts[k] })),
      { chart: 'total (wall)', 'ours cold s': cold.totalSeconds, 'ours warm s': warm.totalSeconds, 'ours one by one s': sequential.totalSeconds, 'peer s': naive.totalSeconds },
    ],
  );
  console.log('\nOurs: renderCharts, all charts at once (each chart\'s time is its own start to finish, so they overlap). One by one: the same calls in sequence.');
  console.log(`Peer: ${PEER}. Peer / ours warm: ${(naive.totalSeconds / warm.totalSeconds).toFixed(2)}×, peer / ours one by one: ${(naive.totalSeconds / sequential.totalSeconds).toFixed(2)}×.`);
  console.log(`Outputs in ${path.relative(process.cwd(), OUT) || '.'}: GIF ${(size('bubble-map.gif') / 1024).toFixed(0)} KiB, WebP ${(size('bubble-map.webp') / 1024).toFixed(0)} KiB, ${cold.outputs.length} files.`);
  const round3 = (r: Record<string, number>) => Object.fromEntries(keys.map((k) => [k, Number(r[k].toFixed(3))]));
  printJsonResult({
    benchmark: 'plots',
    totalSeconds: Number(cold.totalSeconds.toFixed(3)),
    charts: round3(cold.charts),
    warm: { totalSeconds: Number(warm.totalSeconds.toFixed(3)), charts: round3(warm.charts) },
    oneByOne: { totalSeconds: Number(sequential.totalSeconds.toFixed(3)), charts: round3(sequential.charts) },
    peer: { name: PEER, totalSeconds: Number(naive.totalSeconds.toFixed(3)), charts: round3(naive.charts) },
    ratio: Number((naive.totalSeconds / warm.totalSeconds).toFixed(2)),
    ratioOneByOne: Number((naive.totalSeconds / sequential.totalSeconds).toFixed(2)),
    frames: cold.outputs.filter((o) => /^bubble-map-\d{4}-\d{2}\.png$/.test(o.name)).length,
    bytes: { gif: size('bubble-map.gif'), webp: size('bubble-map.webp') },
    importSeconds: Number(importSeconds.toFixed(3)),
    dataSeconds: Number(dataSeconds.toFixed(3)),
    peakRssMiB: peakRssMiB(),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
