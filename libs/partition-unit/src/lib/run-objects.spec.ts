import { classifyRunObject, selectRunObjects, type ListedRunObject } from './run-objects';

const object = (key: string, more: Partial<ListedRunObject> = {}): ListedRunObject => ({ key, size: 100, ...more });
const reasonOf = (o: ListedRunObject): string => {
  const decision = classifyRunObject(o);
  return decision.take ? 'take' : decision.reason;
};

describe('classifyRunObject', () => {
  it('takes .csv and .csv.gz objects in any case, in any folder', () => {
    for (const key of ['raw/2010-12-01.csv', 'raw/shop-a/2011-01-04.CSV', 'raw/2011-01-05.csv.gz', 'raw/x.Csv.GZ', 'day.csv']) expect(reasonOf(object(key))).toBe('take');
  });

  it('skips the folder markers tools write: the console\'s key/, Hadoop\'s _SUCCESS and _$folder$', () => {
    expect(reasonOf(object('raw/', { size: 0 }))).toBe('folder-marker');
    expect(reasonOf(object('raw/shop-a/', { size: 0 }))).toBe('folder-marker');
    expect(reasonOf(object('raw/_SUCCESS', { size: 0 }))).toBe('folder-marker');
    expect(reasonOf(object('_SUCCESS', { size: 0 }))).toBe('folder-marker');
    expect(reasonOf(object('raw/shop-a_$folder$', { size: 0 }))).toBe('folder-marker');
  });

  it('skips any other name, saying how to include it', () => {
    expect(classifyRunObject(object('raw/README.txt'))).toEqual({ take: false, reason: 'not-csv', detail: 'raw/README.txt: not a .csv or .csv.gz object; rename it to include it' });
    for (const key of ['raw/manifest.json', 'raw/2010-12-01.csv.bak', 'raw/2010-12-01.csv.zip', 'raw/csv', 'raw/.csv.tmp']) expect(reasonOf(object(key))).toBe('not-csv');
  });

  it('skips objects that must be restored before a read: GLACIER, DEEP_ARCHIVE and the archive tiers of INTELLIGENT_TIERING', () => {
    expect(classifyRunObject(object('raw/a.csv', { storageClass: 'GLACIER' }))).toEqual({
      take: false,
      reason: 'archived',
      detail: 'raw/a.csv: archived in GLACIER; restore it (S3 RestoreObject) and run again to include it',
    });
    expect(reasonOf(object('raw/a.csv', { storageClass: 'DEEP_ARCHIVE' }))).toBe('archived');
    expect(reasonOf(object('raw/a.csv', { storageClass: 'INTELLIGENT_TIERING', archiveStatus: 'DEEP_ARCHIVE_ACCESS' }))).toBe('archived');
    expect(reasonOf(object('raw/a.csv', { storageClass: 'INTELLIGENT_TIERING', archiveStatus: 'ARCHIVE_ACCESS' }))).toBe('archived');
  });

  it('takes what reads at once: Glacier Instant Retrieval, frequent/infrequent tiers, the other classes, and restored copies', () => {
    for (const storageClass of ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'REDUCED_REDUNDANCY', 'GLACIER_IR', 'INTELLIGENT_TIERING', 'EXPRESS_ONEZONE']) {
      expect(reasonOf(object('raw/a.csv', { storageClass }))).toBe('take');
    }
    expect(reasonOf(object('raw/a.csv', { storageClass: 'GLACIER', restored: true }))).toBe('take');
    expect(reasonOf(object('raw/a.csv', { storageClass: 'INTELLIGENT_TIERING', archiveStatus: 'ARCHIVE_ACCESS', restored: true }))).toBe('take');
    // An S3-compatible server that lists no storage class.
    expect(reasonOf(object('raw/a.csv'))).toBe('take');
  });
});

describe('selectRunObjects', () => {
  it('keeps the taken objects as given and lists the skipped ones with their reasons, in listing order', () => {
    const listing = [object('raw/', { size: 0 }), object('raw/a.csv'), object('raw/README.txt', { size: 12 }), object('raw/b.csv.gz', { storageClass: 'DEEP_ARCHIVE' }), object('raw/c.csv')];
    const { taken, skipped } = selectRunObjects(listing);
    expect(taken).toEqual([listing[1], listing[4]]);
    expect(skipped.map((s) => [s.key, s.size, s.reason])).toEqual([
      ['raw/', 0, 'folder-marker'],
      ['raw/README.txt', 12, 'not-csv'],
      ['raw/b.csv.gz', 100, 'archived'],
    ]);
  });
});
