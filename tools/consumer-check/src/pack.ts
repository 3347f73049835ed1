import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { exec, tail } from './exec';

/** A publishable lib of the workspace: its Nx project (the folder name) and package name. */
export interface Lib {
  project: string;
  name: string;
  dist: string;
}

export interface PackedLib extends Lib {
  tarball: string;
  /** Paths inside the package. */
  files: string[];
}

interface PackManifest {
  license?: string;
  repository?: { directory?: string };
  engines?: { node?: string };
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** Every lib whose package.json is not private. */
export function listLibs(workspace: string): Lib[] {
  return readdirSync(path.join(workspace, 'libs'))
    .map((project) => ({ project, manifest: JSON.parse(readFileSync(path.join(workspace, 'libs', project, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ project, manifest }) => ({ project, name: manifest.name as string, dist: path.join(workspace, 'dist/libs', project) }));
}

export async function buildLibs(workspace: string, libs: readonly Lib[]): Promise<void> {
  const projects = libs.map((lib) => lib.project).join(',');
  const result = await exec('npx', ['nx', 'run-many', '-t', 'build', '-p', projects, '--outputStyle=static'], {
    cwd: workspace,
    env: { ...process.env, FORCE_COLOR: '0', NX_DAEMON: 'false' },
  });
  if (result.code !== 0) throw new Error(`nx build failed:\n${tail(result)}`);
}

/** `npm pack`s the built lib into `destination`. */
export async function packLib(lib: Lib, destination: string): Promise<PackedLib> {
  const result = await exec('npm', ['pack', lib.dist, '--pack-destination', destination, '--json'], { cwd: destination });
  if (result.code !== 0) throw new Error(`npm pack ${lib.dist} failed:\n${tail(result)}`);
  const [packed] = JSON.parse(result.stdout) as { filename: string; files: { path: string }[] }[];
  return { ...lib, tarball: path.join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}

/** What a package must carry to be adopted elsewhere; each problem names the package and the field or file. */
export function packageProblems(packed: PackedLib, ourNames: ReadonlySet<string>): string[] {
  const manifest = JSON.parse(readFileSync(path.join(packed.dist, 'package.json'), 'utf8')) as PackManifest;
  const problems: string[] = [];
  const has = (file: string) => packed.files.includes(file);
  for (const file of ['LICENSE', 'README.md', 'package.json']) if (!has(file)) problems.push(`no ${file}`);
  const maps = packed.files.filter((file) => file.endsWith('.map'));
  if (maps.length > 0) problems.push(`source maps without their sources (${maps[0]}, …)`);
  if (manifest.license !== 'MIT') problems.push(`license is ${manifest.license}, not MIT`);
  if (!manifest.repository?.directory) problems.push('no repository.directory');
  if (!manifest.engines?.node) problems.push('no engines.node');
  if (!manifest.exports?.['.']) problems.push('no exports["."]');
  for (const [command, file] of Object.entries(manifest.bin ?? {})) {
    const relative = path.posix.normalize(file);
    if (!has(relative)) problems.push(`bin ${command}: ${file} is not in the package`);
    else if (!readFileSync(path.join(packed.dist, relative), 'utf8').startsWith('#!/usr/bin/env node')) problems.push(`bin ${command}: ${file} has no shebang`);
  }
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    if (/^@aws-sdk\/client-/.test(dependency)) problems.push(`${dependency} is a dependency; SDK clients must be peers`);
    if (dependency.startsWith('@ecomlake/') && !ourNames.has(dependency)) problems.push(`depends on ${dependency}, which no lib provides`);
  }
  return problems.map((problem) => `${packed.name}: ${problem}`);
}
