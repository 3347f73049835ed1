import sharp from 'sharp';
import type { BubbleMapLayout } from './bubble-layout';
import { bubbleMapUnderlaySvg, frameParts } from './bubble-map';
import { toAnimation, type AnimationOptions, type RawImage } from './raster';

export interface BubbleMapImagesOptions {
  /** Pixels per SVG unit. Default 1. */
  scale?: number;
  /** Which outputs to make. Default all: `['png', 'gif', 'webp']`. */
  formats?: ReadonlyArray<'png' | 'gif' | 'webp'>;
  /** Frame timing for the animations (see `toAnimation`). Default 800 ms a frame, the last held 1.2 s longer. */
  delayMs?: AnimationOptions['delayMs'];
  holdLastMs?: number;
}

export interface BubbleMapImages {
  /** One SVG per frame. */
  svgs: string[];
  /** One PNG per frame (empty unless `'png'` was asked for). */
  pngs: Buffer[];
  gif?: Buffer;
  webp?: Buffer;
}

/**
 * Every frame of a map as SVG, PNG and animation, rasterizing the shared world once: each
 * frame's own layers are rasterized alone and blended over it, and the animations are
 * encoded from those pixels (no PNG decoded again). The pixels match rasterizing each
 * frame's SVG (see the spec); the work is about half.
 */
export async function bubbleMapImages(layout: BubbleMapLayout, options: BubbleMapImagesOptions = {}): Promise<BubbleMapImages> {
  const { scale = 1, formats = ['png', 'gif', 'webp'] } = options;
  const density = 72 * scale;
  const parts = layout.frames.map((_, i) => frameParts(layout, i));
  const under = await sharp(Buffer.from(bubbleMapUnderlaySvg(layout)), { density }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const raw = { width: under.info.width, height: under.info.height, channels: 3 as const };
  const frames: RawImage[] = await Promise.all(
    parts.map(async ({ overlay }) => {
      const over = await sharp(Buffer.from(overlay), { density }).ensureAlpha().raw().toBuffer();
      return { ...raw, data: blendOver(under.data, over) };
    }),
  );
  const animation = { delayMs: options.delayMs, holdLastMs: options.holdLastMs };
  const [pngs, gif, webp] = await Promise.all([
    formats.includes('png') ? Promise.all(frames.map((f) => sharp(f.data, { raw }).png().toBuffer())) : Promise.resolve([]),
    formats.includes('gif') ? toAnimation(frames, { ...animation, format: 'gif' }) : Promise.resolve(undefined),
    formats.includes('webp') ? toAnimation(frames, { ...animation, format: 'webp' }) : Promise.resolve(undefined),
  ]);
  return { svgs: parts.map((p) => p.svg), pngs, ...(gif ? { gif } : {}), ...(webp ? { webp } : {}) };
}

/**
 * Source-over of straight-alpha RGBA `over` onto opaque RGB `base`. Done here rather than by
 * sharp's composite, which costs more than rasterizing the overlay: most overlay pixels are
 * transparent and are a copy.
 */
export function blendOver(base: Buffer, over: Buffer): Buffer {
  const out = Buffer.from(base);
  for (let p = 0, q = 0; p < over.length; p += 4, q += 3) {
    const a = over[p + 3];
    if (a === 0) continue;
    if (a === 255) {
      out[q] = over[p];
      out[q + 1] = over[p + 1];
      out[q + 2] = over[p + 2];
      continue;
    }
    const ia = 255 - a;
    out[q] = (over[p] * a + out[q] * ia + 127) / 255;
    out[q + 1] = (over[p + 1] * a + out[q + 1] * ia + 127) / 255;
    out[q + 2] = (over[p + 2] * a + out[q + 2] * ia + 127) / 255;
  }
  return out;
}
