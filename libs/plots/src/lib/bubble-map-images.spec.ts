import sharp from 'sharp';
import { countryMonthSales } from '../test-fixtures/data';
import { expectValidSvg } from '../test-fixtures/svg-assert';
import { layoutBubbleMap } from './bubble-layout';
import { bubbleMapOverlaySvg } from './bubble-map';
import { bubbleMapImages, blendOver } from './bubble-map-images';
import { toPng } from './raster';
import { defined } from '../test-fixtures/defined';

describe('bubbleMapImages', () => {
  const layout = layoutBubbleMap(countryMonthSales(), { width: 640, height: 400 });

  it('gives an SVG and a PNG per frame, and both animations with every frame', async () => {
    const images = await bubbleMapImages(layout, { scale: 0.5 });
    expect(images.svgs).toHaveLength(4);
    expect(images.pngs).toHaveLength(4);
    for (const png of images.pngs) expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 320, height: 200 });
    for (const format of ['gif', 'webp'] as const) {
      const meta = await sharp(defined(images[format], format), { animated: true }).metadata();
      expect([meta.format, meta.pages, meta.width, meta.pageHeight]).toEqual([format, 4, 320, 200]);
    }
  });

  it('composites frames that match rasterizing each frame’s SVG', async () => {
    const images = await bubbleMapImages(layout, { formats: ['png'] });
    for (const i of [0, 1]) {
      const [a, b] = await Promise.all([images.pngs[i], await toPng(images.svgs[i])].map((p) => sharp(p).removeAlpha().raw().toBuffer()));
      let total = 0;
      let large = 0;
      for (let k = 0; k < a.length; k++) {
        const d = Math.abs(a[k] - b[k]);
        total += d;
        if (d > 32) large += 1;
      }
      expect(total / a.length).toBeLessThan(0.5);
      expect(large / a.length).toBeLessThan(0.001);
    }
  });

  it('makes only the formats asked for', async () => {
    const images = await bubbleMapImages(layout, { formats: ['webp'], scale: 0.25 });
    expect(images.pngs).toEqual([]);
    expect(images.gif).toBeUndefined();
    expect(images.webp).toBeInstanceOf(Buffer);
  });

  it('draws overlays as valid SVG with only the frame layers', () => {
    const doc = expectValidSvg(bubbleMapOverlaySvg(layout, 0).replace('<g ', '<title>t</title><desc>d</desc><g '));
    expect(doc.querySelector('path.land')).toBeNull();
    expect(doc.querySelectorAll('[data-layer="bubbles"] circle').length).toBe(layout.frames[0].bubbles.length);
  });

  it('blends straight-alpha pixels over the base: transparent keeps, opaque replaces, partial mixes', () => {
    const base = Buffer.from([100, 100, 100, 100, 100, 100, 100, 100, 100]);
    const over = Buffer.from([255, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 128]);
    expect([...blendOver(base, over)]).toEqual([100, 100, 100, 255, 0, 0, 50, 50, 178]);
    expect([...base]).toEqual(Array(9).fill(100));
  });
});
