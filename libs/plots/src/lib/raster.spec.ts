import sharp from 'sharp';
import { FrameSizeError, NoFramesError, toAnimation, toPng } from './raster';

const square = (colour: string, size = 40) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="${size}" height="${size}" fill="${colour}"/><text x="4" y="20" font-family="DejaVu Sans" font-size="10">£ &amp;</text></svg>`;

describe('toPng', () => {
  it('rasterizes at the SVG size times the scale', async () => {
    const one = await sharp(await toPng(square('#ff0000'))).metadata();
    expect([one.format, one.width, one.height]).toEqual(['png', 40, 40]);
    const two = await sharp(await toPng(square('#ff0000'), { scale: 2 })).metadata();
    expect([two.width, two.height]).toEqual([80, 80]);
  });

  it('draws the SVG colours', async () => {
    const { data } = await sharp(await toPng(square('#ff0000'))).raw().toBuffer({ resolveWithObject: true });
    expect([data[0], data[1], data[2]]).toEqual([255, 0, 0]);
  });

  it('rejects a nonsensical scale', async () => {
    await expect(toPng(square('#fff'), { scale: 0 })).rejects.toThrow(/scale/);
  });
});

describe('toAnimation', () => {
  const frames = ['#ff0000', '#00ff00', '#0000ff'].map((c) => square(c));

  it.each(['gif', 'webp'] as const)('makes an animated %s with one delay per frame and the last held longer', async (format) => {
    const out = await toAnimation(frames, { format, delayMs: 500, holdLastMs: 1000 });
    const meta = await sharp(out, { animated: true }).metadata();
    expect(meta.format).toBe(format);
    expect(meta.pages).toBe(3);
    expect(meta.pageHeight).toBe(40);
    expect(meta.delay).toEqual([500, 500, 1500]);
    expect(meta.loop).toBe(0);
  });

  it('keeps the frame order', async () => {
    const out = await toAnimation(frames, { format: 'webp', delayMs: [100, 200, 300], holdLastMs: 0 });
    const meta = await sharp(out, { animated: true }).metadata();
    expect(meta.delay).toEqual([100, 200, 300]);
    const third = await sharp(out, { page: 2 }).raw().toBuffer();
    expect(third[2]).toBeGreaterThan(200);
    expect(third[0]).toBeLessThan(40);
  });

  it('accepts encoded PNG frames', async () => {
    const pngs = await Promise.all(frames.map((f) => toPng(f)));
    const meta = await sharp(await toAnimation(pngs), { animated: true }).metadata();
    expect(meta.pages).toBe(3);
  });

  it('refuses frames of different sizes, and no frames', async () => {
    await expect(toAnimation([square('#fff', 40), square('#fff', 50)])).rejects.toBeInstanceOf(FrameSizeError);
    await expect(toAnimation([])).rejects.toBeInstanceOf(NoFramesError);
    // EcomlakeErrors with their codes, so a caller tells them apart after a JSON hop too.
    await expect(toAnimation([square('#fff', 40), square('#fff', 50)])).rejects.toMatchObject({ name: 'FrameSizeError', code: 'plots.frameSize' });
    await expect(toAnimation([])).rejects.toMatchObject({ name: 'NoFramesError', code: 'plots.noFrames' });
  });
});
