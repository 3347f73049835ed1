import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export interface PngDifference {
  /** Share of pixels whose largest channel difference exceeds 48 (of 255). */
  changedShare: number;
  /** Mean absolute channel difference, 0–255. */
  meanDifference: number;
}

const DIR = path.join(__dirname, 'png');

/**
 * Compares a rendered PNG with the committed reference `png/<name>.png`, pixel by pixel.
 * `UPDATE_PNG=1` rewrites the reference instead; a missing reference fails.
 */
export async function comparePng(actual: Buffer, name: string): Promise<PngDifference> {
  const file = path.join(DIR, `${name}.png`);
  if (process.env.UPDATE_PNG === '1') writeFileSync(file, await sharp(actual).png({ compressionLevel: 9, palette: true, quality: 100 }).toBuffer());
  if (!existsSync(file)) throw new Error(`No reference image ${file}: run the tests once with UPDATE_PNG=1 and look at it before committing.`);
  const [a, b] = await Promise.all([decode(actual), decode(readFileSync(file))]);
  if (a.width !== b.width || a.height !== b.height) throw new Error(`Image is ${a.width}×${a.height}, reference ${name} is ${b.width}×${b.height}.`);
  let changed = 0;
  let total = 0;
  for (let i = 0; i < a.data.length; i += 3) {
    const d = Math.max(Math.abs(a.data[i] - b.data[i]), Math.abs(a.data[i + 1] - b.data[i + 1]), Math.abs(a.data[i + 2] - b.data[i + 2]));
    total += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
    if (d > 48) changed += 1;
  }
  const pixels = a.data.length / 3;
  return { changedShare: changed / pixels, meanDifference: total / a.data.length };
}

async function decode(png: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
