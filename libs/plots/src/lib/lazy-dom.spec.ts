import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const WORKSPACE = path.resolve(__dirname, '../../../..');

// A fresh Node process (jest's own module registry would hide what a real import loads),
// running the TypeScript source through tsx with the workspace's path mapping.
async function modulesLoaded(): Promise<{ afterImport: boolean; afterDraw: boolean }> {
  const script = `
    const jsdomLoaded = () => Object.keys(require.cache).some((file) => file.includes('/node_modules/jsdom/'));
    const plots = require(${JSON.stringify(path.join(WORKSPACE, 'libs/plots/src/index.ts'))});
    const afterImport = jsdomLoaded();
    plots.salesTrendSvg([{ day: '2011-12-09', revenueMilli: 1000, orders: 1 }]);
    process.stdout.write(JSON.stringify({ afterImport, afterDraw: jsdomLoaded() }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
    cwd: WORKSPACE,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(WORKSPACE, 'tsconfig.base.json') },
  });
  return JSON.parse(stdout);
}

describe('loading jsdom', () => {
  it('waits for the first chart: importing the package (for toPng, say) does not load it', async () => {
    expect(await modulesLoaded()).toEqual({ afterImport: false, afterDraw: true });
  });
});
