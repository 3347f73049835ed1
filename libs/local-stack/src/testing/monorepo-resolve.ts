// Inside the monorepo, jest runs this global setup with Node's own resolution (no
// moduleNameMapper), and `@ecomlake/<lib>` resolves to a package whose TypeScript source has no
// compiled .js beside it. Point those names at the source, which jest's transform compiles while
// it loads the setup. A published package holds compiled .js files: nothing is changed then.
import Module from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

const libs = path.resolve(__dirname, '../../..');
const ours = /^@ecomlake\/([a-z0-9-]+)$/;
type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };

if (existsSync(path.join(libs, 'util', 'src', 'index.ts')) && !existsSync(path.join(libs, 'util', 'src', 'index.js'))) {
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
    const lib = ours.exec(request)?.[1];
    const source = lib === undefined ? undefined : path.join(libs, lib, 'src', 'index.ts');
    return source !== undefined && existsSync(source) ? source : resolve.call(this, request, ...rest);
  };
}
