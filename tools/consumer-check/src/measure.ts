import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exec, tail } from './exec';
import type { PackedLib } from './pack';

export interface PackageFigures {
  name: string;
  /** Median of the runs, ms: a fresh `node` requiring the package. */
  importMs: number;
  /** Whether jsdom was loaded by the import alone. */
  loadsJsdom: boolean;
  /** Disk use of node_modules after installing only this package (its SDK peers come with it), as `du` counts it. */
  installBytes: number;
  packages: number;
}

const IMPORT_SCRIPT = `
const started = process.hrtime.bigint();
require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const jsdom = Object.keys(require.cache).some((file) => file.includes('/node_modules/jsdom/'));
process.stdout.write(JSON.stringify({ ms, jsdom }));
`;

/** The package and the packages of ours it depends on, directly or not (they are not in the registry). */
function withOurDependencies(lib: PackedLib, packed: readonly PackedLib[]): PackedLib[] {
  const byName = new Map(packed.map((p) => [p.name, p]));
  const found = new Map<string, PackedLib>();
  const visit = (current: PackedLib): void => {
    if (found.has(current.name)) return;
    found.set(current.name, current);
    const manifest = JSON.parse(readFileSync(path.join(current.dist, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const ours = byName.get(dependency);
      if (ours) visit(ours);
    }
  };
  visit(lib);
  return [...found.values()];
}

/**
 * Installs one package alone in a fresh folder (as a user adding just it would), then
 * measures its import time (median of `runs` fresh processes) and what node_modules takes.
 */
export async function measurePackage(workDir: string, lib: PackedLib, packed: readonly PackedLib[], runs: number): Promise<PackageFigures> {
  const dir = path.join(workDir, lib.project);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `measure-${lib.project}`, version: '0.0.0', private: true }, null, 2)}\n`);
  const tarballs = withOurDependencies(lib, packed).map((p) => p.tarball);
  const install = await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], { cwd: dir });
  if (install.code !== 0) throw new Error(`npm install ${lib.name} alone failed:\n${tail(install)}`);

  const samples: { ms: number; jsdom: boolean }[] = [];
  for (let i = 0; i < runs; i += 1) {
    const result = await exec(process.execPath, ['-e', IMPORT_SCRIPT, lib.name], { cwd: dir });
    if (result.code !== 0) throw new Error(`require('${lib.name}') failed:\n${tail(result)}`);
    samples.push(JSON.parse(result.stdout));
  }
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const files = listFiles(path.join(dir, 'node_modules'));
  return {
    name: lib.name,
    importMs: sorted[Math.floor(sorted.length / 2)],
    loadsJsdom: samples.some((sample) => sample.jsdom),
    // Blocks, as du counts them: what the install takes on disk.
    installBytes: files.reduce((sum, file) => sum + statSync(file).blocks * 512, 0),
    packages: files.filter((file) => /node_modules\/(@[^/]+\/)?[^/@][^/]*\/package\.json$/.test(file)).length,
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Markdown rows, ready for a README. */
export function formatFigures(figures: readonly PackageFigures[]): string[] {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return [
    '| package | import | loads jsdom | install size | packages |',
    '|---|---|---|---|---|',
    ...figures.map((f) => `| \`${f.name}\` | ${Math.round(f.importMs)} ms | ${f.loadsJsdom ? 'yes' : 'no'} | ${mib(f.installBytes)} | ${f.packages} |`),
  ];
}
