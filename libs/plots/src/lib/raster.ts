import sharp from 'sharp';
import { EcomlakeError } from '@ecomlake/util';

export interface PngOptions {
  /** Pixels per SVG unit: 2 for a sharp image on high-density screens. Default 1. */
  scale?: number;
  /** zlib level, 0–9: lower is faster and larger. Default 6. */
  compressionLevel?: number;
}

/** Rasterizes an SVG string to PNG with librsvg (through sharp). */
export async function toPng(svg: string, options: PngOptions = {}): Promise<Buffer> {
  const { compressionLevel = 6 } = options;
  return sharp(Buffer.from(svg), { density: 72 * checkScale(options.scale ?? 1) })
    .png({ compressionLevel })
    .toBuffer();
}

export type AnimationFormat = 'gif' | 'webp';

/** Decoded pixels, as sharp's `raw()` gives them. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export interface AnimationOptions {
  /** Default `'gif'`. */
  format?: AnimationFormat;
  /** Time each frame shows, ms: one number for every frame, or one per frame. Default 800. */
  delayMs?: number | readonly number[];
  /** Extra time on the last frame before the loop restarts, ms. Default 1200. */
  holdLastMs?: number;
  /** Times to play; 0 loops forever. Default 0. */
  loop?: number;
  /** Scale applied to SVG frames (encoded images are used as they are). Default 1. */
  scale?: number;
}

/** The frames of one animation differ in size; all must match the first. */
export class FrameSizeError extends EcomlakeError<'plots.frameSize'> {
  override readonly name = 'FrameSizeError';
  constructor(readonly index: number, readonly expected: string, readonly found: string) {
    super('plots.frameSize', `Animation frame ${index} is ${found} but frame 0 is ${expected}: render every frame at the same width, height and scale.`);
  }
}

/** An animation needs at least one frame. */
export class NoFramesError extends EcomlakeError<'plots.noFrames'> {
  override readonly name = 'NoFramesError';
  constructor() {
    super('plots.noFrames', 'toAnimation got no frames: pass at least one SVG string or encoded image.');
  }
}

/**
 * Joins frames (SVG strings, encoded images such as PNG as Buffers, or raw pixels) into an
 * animated GIF or WebP. Frames are decoded in parallel, flattened on white and stacked as
 * pages; the delay is passed per frame, because a single number sets only the first one.
 */
export async function toAnimation(frames: ReadonlyArray<string | Buffer | RawImage>, options: AnimationOptions = {}): Promise<Buffer> {
  const { format = 'gif', delayMs = 800, holdLastMs = 1200, loop = 0 } = options;
  if (frames.length === 0) throw new NoFramesError();
  const density = 72 * checkScale(options.scale ?? 1);
  const decoded = await Promise.all(frames.map((f) => decode(f, density)));
  const { width, height, channels } = decoded[0].info;
  decoded.forEach(({ info }, i) => {
    if (info.width !== width || info.height !== height || info.channels !== channels) throw new FrameSizeError(i, `${width}×${height}×${channels}`, `${info.width}×${info.height}×${info.channels}`);
  });
  const delay = frames.map((_, i) => {
    const base = typeof delayMs === 'number' ? delayMs : (delayMs[i] ?? delayMs[delayMs.length - 1] ?? 800);
    return Math.max(0, Math.round(base + (i === frames.length - 1 ? holdLastMs : 0)));
  });
  const stacked = sharp(Buffer.concat(decoded.map((d) => d.data)), {
    raw: { width, height: height * frames.length, channels: channels as RawImage['channels'], pageHeight: height },
  });
  // Measured on 13 map frames (tools/bench plots): GIF effort 4 is faster than 1 or 10, and reusing
  // the first frame's palette (interPaletteMaxError 256) saves 40 % of the CPU; frames of one
  // chart share their colours, and a legend ramp puts the whole scale in the first palette.
  // WebP effort 0 costs 30 % less CPU than 2.
  return format === 'gif'
    ? stacked.gif({ delay, loop, effort: 4, dither: 0, interPaletteMaxError: 256, keepDuplicateFrames: true }).toBuffer()
    : stacked.webp({ delay, loop, effort: 0, quality: 85 }).toBuffer();
}

async function decode(frame: string | Buffer | RawImage, density: number): Promise<{ data: Buffer; info: { width: number; height: number; channels: number } }> {
  if (typeof frame === 'string') return sharp(Buffer.from(frame), { density }).flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
  if (Buffer.isBuffer(frame)) return sharp(frame).flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
  if (frame.channels === 3) return { data: frame.data, info: frame };
  return sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: frame.channels } }).flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
}

function checkScale(scale: number): number {
  if (!(scale > 0) || scale > 8) throw new RangeError(`scale must be > 0 and ≤ 8, got ${scale}.`);
  return scale;
}
