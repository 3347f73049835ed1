import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleaningFingerprint, RULES_VERSION } from './fingerprint';

describe('cleaningFingerprint', () => {
  it('changes with every option that shapes items', () => {
    const base = cleaningFingerprint();
    const variants = [
      cleaningFingerprint({ encoding: 'latin1' }),
      cleaningFingerprint({ dateFormat: 'mdy' }),
      cleaningFingerprint({ rules: { duplicate: false } }),
      cleaningFingerprint({ nonProductCodes: ['POST'] }),
      cleaningFingerprint({ maxLineBytes: 4096 }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
    expect(base).toContain(`"rulesVersion":${RULES_VERSION}`);
  });

  it('ignores what only shapes reports, and spellings of the same settings', () => {
    const base = cleaningFingerprint();
    expect(cleaningFingerprint({ samples: 3, partition: 'x.csv' })).toBe(base);
    expect(cleaningFingerprint({ encoding: 'utf-8', dateFormat: 'iso', rules: { duplicate: true } })).toBe(base);
    expect(cleaningFingerprint({ nonProductCodes: ['M', 'POST', 'M'] })).toBe(cleaningFingerprint({ nonProductCodes: ['POST', 'M'] }));
  });
});

// The code that turns bytes into items, comments and spacing left out. A change to it must
// come with a new RULES_VERSION, or loaders would keep items made by the old code.
const LIB = path.join(__dirname);
const SOURCES = [
  ...['clean', 'parse', 'rules'].flatMap((dir) => sourcesIn(path.join(LIB, dir))),
  path.join(LIB, 'options.ts'),
  path.join(LIB, 'order-items.ts'),
  ...sourcesIn(path.join(LIB, '../../../csv/src/lib')),
];
const RECORDED = { rulesVersion: 3, digest: 'af8df254b185d8ac' };

function sourcesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
    .sort()
    .map((name) => path.join(dir, name));
}

function codeDigest(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\s+/g, '');
    hash.update(`${path.relative(LIB, file)}\n${code}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

test('RULES_VERSION is bumped whenever the code that shapes items changes', () => {
  const now = { rulesVersion: RULES_VERSION, digest: codeDigest(SOURCES) };
  if (now.digest !== RECORDED.digest && now.rulesVersion === RECORDED.rulesVersion) {
    throw new Error(
      `The parsing or rule code changed (digest ${now.digest}, recorded ${RECORDED.digest}) but RULES_VERSION is still ${RULES_VERSION}. ` +
        'If the change can alter the items any input gives, bump RULES_VERSION in fingerprint.ts (loaded partitions then reload); ' +
        `either way, record ${JSON.stringify(now)} in RECORDED here.`,
    );
  }
  expect(now).toEqual(RECORDED);
});
