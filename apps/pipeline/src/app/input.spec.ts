import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jitForLines } from '@ecomlake/local-stack';
import { BYTES_PER_LINE, expectedLines, resolveInput } from './input';
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

describe("expectedLines: the size that picks the embedded DynamoDB Local's JIT", () => {
  const settings = (argv: string[]) => resolveSettings(argv, {}, path.join(os.tmpdir(), 'no-such-dir', '.env'));
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lines-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is the synthetic rows without --input: the default run (50,000 rows) starts quick', async () => {
    expect(await expectedLines(settings([]))).toBe(50_000);
    expect(jitForLines(await expectedLines(settings([])))).toBe('quick-start');
    expect(await expectedLines(settings(['--rows', '600000']))).toBe(600_000);
    expect(jitForLines(await expectedLines(settings(['--rows', '600000'])))).toBe('peak');
  });

  it("is a local input's CSV bytes over BYTES_PER_LINE, sub-folders included and other files left out", async () => {
    const root = path.join(dir, 'days');
    fs.mkdirSync(path.join(root, '2011'), { recursive: true });
    fs.writeFileSync(path.join(root, 'a.csv'), 'x'.repeat(BYTES_PER_LINE * 300));
    fs.writeFileSync(path.join(root, '2011', 'b.csv'), 'x'.repeat(BYTES_PER_LINE * 700));
    fs.writeFileSync(path.join(root, 'notes.txt'), 'x'.repeat(BYTES_PER_LINE * 5000));
    expect(await expectedLines(settings(['--input', root]))).toBe(1_000);
    expect(await expectedLines(settings(['--input', path.join(root, 'a.csv')]))).toBe(300);
  });

  it('is unknown (so DynamoDB Local keeps its peak JIT) for S3, gzipped files and a path that cannot be walked', async () => {
    const gz = path.join(dir, 'gz');
    fs.mkdirSync(gz);
    fs.writeFileSync(path.join(gz, 'a.csv.gz'), 'gz');
    expect(await expectedLines(settings(['--input', 's3://lake/raw/']))).toBeUndefined();
    expect(await expectedLines(settings(['--input', gz]))).toBeUndefined();
    expect(await expectedLines(settings(['--input', path.join(dir, 'missing')]))).toBeUndefined();
    expect(jitForLines(undefined)).toBe('peak');
  });
});
