// A real browser (Debian's Chromium through playwright-core) opens the report page and
// uses the bubble map's controls like a person would.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatMoney, milli } from '@ecomlake/model';
import { chromium, type Browser } from 'playwright-core';
import { renderReportPage, type InteractiveMap } from './report-page';

const OUTPUT = path.resolve(__dirname, '../../../../test-output/report');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const map: InteractiveMap = {
  width: 400,
  height: 200,
  baseSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200"><rect width="400" height="200" fill="#eef"/></svg>',
  frames: [
    { month: '2011-01', bubbles: [{ country: 'United Kingdom', x: 200, y: 60, r: 30, fill: '#440154', revenue: formatMoney(milli(1_012_345_675)), orders: 900 }] },
    {
      month: '2011-02',
      bubbles: [
        { country: 'United Kingdom', x: 200, y: 60, r: 25, fill: '#31688e', revenue: formatMoney(milli(804_100_005)), orders: 700 },
        { country: 'EIRE <&>', x: 180, y: 58, r: 8, fill: '#fde725', revenue: formatMoney(milli(40_000_000)), orders: 30 },
      ],
    },
    { month: '2011-03', bubbles: [] },
  ],
};

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});
afterAll(async () => {
  await browser?.close();
});

test('the report loads without errors and its bubble map responds to the slider and play', async () => {
  const html = renderReportPage({
    title: 'Report <test>',
    subtitle: 'fixture',
    charts: [{ title: 'chart', svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>' }],
    map,
    sections: [{ title: 'Top countries', columns: ['Country', 'Revenue'], rows: [['<script>alert(1)</script>', 5]] }],
  });
  mkdirSync(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, 'report-fixture.html');
  writeFileSync(file, html);

  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`file://${file}`);

  expect(await page.textContent('#month-label')).toBe('2011-01');
  expect(await page.locator('#bubbles circle').count()).toBe(1);

  await page.locator('#month-slider').fill('1');
  expect(await page.textContent('#month-label')).toBe('2011-02');
  expect(await page.locator('#bubbles circle').count()).toBe(2);
  expect(await page.getAttribute('#bubbles circle >> nth=1', 'data-country')).toBe('EIRE <&>');

  await page.hover('#bubbles circle >> nth=0');
  expect(await page.textContent('#tooltip')).toBe('United Kingdom · £804,100.01 · 700 orders');

  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#month-label')?.textContent === '2011-03');
  expect(await page.locator('#bubbles circle').count()).toBe(0);
  await page.click('#play');

  await page.screenshot({ path: path.join(OUTPUT, 'report-fixture.png'), fullPage: true });
  expect(await page.textContent('td')).toBe('<script>alert(1)</script>');
  expect(errors).toEqual([]);
  await page.close();
});
