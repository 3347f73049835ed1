import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveInput } from './input';
import { resolveSettings, UsageError } from './settings';

const settingsFor = (input: string) => resolveSettings(['--input', input], {}, path.join(os.tmpdir(), 'no-such-dir', '.env'));

describe('resolveInput for a local --input', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'input-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const made = (name: string): string => {
    const p = path.join(dir, name);
    fs.mkdirSync(p, { recursive: true });
    return p;
  };

  it('takes a folder whose CSV files are only in sub-folders, as the upload does, and lists what it skips', async () => {
    const root = made('nested');
    fs.mkdirSync(path.join(root, '2010', 'x.csv'), { recursive: true });
    fs.writeFileSync(path.join(root, '2010', 'x.csv', '2010-12-01.csv.gz'), 'gz');
    fs.symlinkSync(path.join(root, 'gone.csv'), path.join(root, 'dangling.csv'));
    const input = await resolveInput(settingsFor(root));
    expect(input).toMatchObject({ kind: 'local', path: root, name: 'nested', synthetic: false });
    expect(input.kind === 'local' && input.skipped.map((s) => `${s.relative}: ${s.reason}`)).toEqual(['dangling.csv: broken link']);
  });

  it('names what is wrong with the path: missing, a broken link, a link loop, or a folder without CSV files', async () => {
    const root = made('bad');
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
    fs.symlinkSync(path.join(root, 'loop'), path.join(root, 'loop'));
    fs.mkdirSync(path.join(root, 'empty'));
    fs.writeFileSync(path.join(root, 'empty', 'notes.txt'), 'x');
    fs.symlinkSync(path.join(root, 'empty', 'gone.csv'), path.join(root, 'empty', 'a.csv'));
    fs.writeFileSync(path.join(root, 'data.json'), '{}');
    const cases: [string, string][] = [
      ['missing', 'no such file or folder.'],
      ['dangling', 'a symbolic link whose target does not exist.'],
      ['loop', 'a symbolic link loop (the links point at each other).'],
      ['empty', 'the folder has no .csv or .csv.gz files. Sub-folders were searched too; 1 could not be read (a.csv: broken link).'],
      ['data.json', 'expected a .csv or .csv.gz file.'],
    ];
    for (const [name, says] of cases) {
      const input = path.join(root, name);
      const error = await resolveInput(settingsFor(input)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toBe(`--input ${input}: ${says}`);
    }
  });

  // As root (CI), chmod does not stop reads: permission denied can only be shown as another user.
  (process.getuid?.() === 0 ? it.skip : it)('says permission denied, not "not found", for a folder it cannot read', async () => {
    const root = made('locked');
    fs.chmodSync(root, 0o000);
    try {
      await expect(resolveInput(settingsFor(root))).rejects.toThrow(`--input ${root}: permission denied (this user cannot read it).`);
    } finally {
      fs.chmodSync(root, 0o700);
    }
  });
});
