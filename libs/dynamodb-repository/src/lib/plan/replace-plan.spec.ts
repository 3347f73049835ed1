// The replace bookkeeping as data, checked without a server (like `indexQuery(...).params()`):
// expected requests are written out by hand from the invariant in replace-plan.ts.
import { decodeKeyPage, headKey, keyPageKey, summaryKey, type PartitionHead } from '../partition-records';
import type { DynamoRecord } from '../marshal';
import { decidePartition, planAlongside, planBegin, planFinish, planRemove, type ReplaceStep } from './replace-plan';

const key = (invoiceNo: string, stockCode: string) => `${invoiceNo}\u0000${stockCode}`;
const record = (invoiceNo: string, stockCode: string): DynamoRecord => ({ InvoiceNo: { S: invoiceNo }, StockCode: { S: stockCode } });
const none = { keys: new Set<string>(), pageKeys: [] };
const written = (step: ReplaceStep) => (step.kind === 'write' ? step : undefined);
const pageKeys = (step: ReplaceStep | undefined) => (step && step.kind === 'write' ? step.puts.filter((r) => r.InvoiceNo.S?.startsWith('#keys#')).flatMap((r) => decodeKeyPage(r.Keys?.B)) : []);

describe('planBegin and planFinish: a first load', () => {
  const items = new Set([key('536365', '85123A'), key('536365', '71053')]);
  const aggregate = record('#agg#2010-12', '2010-12-01');
  const { plan, begin } = planBegin({ id: '2010-12-01.csv', tag: 'tag1', identity: 'v1', itemKeys: items, recorded: none, aggregates: { records: [aggregate], version: 2 } });

  it('begins with one request: the pages of every key (items and aggregates) and the head loading', () => {
    const step = written(begin);
    expect(step?.deletes).toEqual([]);
    expect(step?.puts.at(-1)).toMatchObject({ InvoiceNo: { S: '#partition' }, StockCode: { S: 'tag1' }, State: { S: 'loading' }, Identity: { S: 'v1' }, KeyCount: { N: '3' }, Aggregates: { N: '2' } });
    expect(pageKeys(begin).sort()).toEqual([key('#agg#2010-12', '2010-12-01'), key('536365', '71053'), key('536365', '85123A')]);
    expect(plan.stale).toEqual([]);
  });

  it('writes the aggregates alongside the items, and finishes with nothing to delete and the head done', () => {
    expect(planAlongside(plan)).toEqual({ kind: 'write', puts: [aggregate], deletes: [] });
    const steps = planFinish(plan);
    expect(steps.filter((s) => s.kind === 'delete-owned').flatMap((s) => (s.kind === 'delete-owned' ? s.keys : []))).toEqual([]);
    expect(steps).toHaveLength(3); // two empty conditional deletes, then the head: no page rewrite
    expect(written(steps[2])?.puts).toEqual([expect.objectContaining({ State: { S: 'done' }, KeyCount: { N: '3' } })]);
  });
});

describe('planBegin and planFinish: a replacement that drops a key', () => {
  const recorded = { keys: new Set([key('A', '1'), key('A', '2'), key('#agg#2010-12', 'old')]), pageKeys: [keyPageKey('t', 0)] };
  const summary = { ...summaryKey('t'), Identity: { S: 'v2' } };
  const { plan, begin } = planBegin({ id: 'p', tag: 't', identity: 'v2', itemKeys: new Set([key('A', '2'), key('B', '1')]), recorded, summary });

  it('records old ∪ new keys before any write, and names the old ones not in the new version as stale', () => {
    expect(pageKeys(begin).sort()).toEqual([key('#agg#2010-12', 'old'), key('A', '1'), key('A', '2'), key('B', '1')]);
    expect(plan.stale.sort()).toEqual([key('#agg#2010-12', 'old'), key('A', '1')]);
  });

  it('deletes the stale aggregate, then the stale item (counted), rewrites the pages to the new keys, then marks done with the summary', () => {
    const steps = planFinish(plan);
    expect(steps[0]).toEqual({ kind: 'delete-owned', tag: 't', keys: [key('#agg#2010-12', 'old')], counted: false });
    expect(steps[1]).toEqual({ kind: 'delete-owned', tag: 't', keys: [key('A', '1')], counted: true });
    expect(pageKeys(steps[2]).sort()).toEqual([key('A', '2'), key('B', '1')]);
    expect(written(steps[3])?.puts).toEqual([expect.objectContaining({ State: { S: 'done' }, KeyCount: { N: '2' } }), summary]);
    expect(steps).toHaveLength(4);
  });
});

it('a begin whose keys are all recorded already writes only the head (no page rewrite)', () => {
  const recorded = { keys: new Set([key('A', '1')]), pageKeys: [keyPageKey('t', 0)] };
  const { begin, plan } = planBegin({ id: 'p', tag: 't', identity: 'v3', itemKeys: new Set([key('A', '1')]), recorded });
  expect(written(begin)?.puts).toHaveLength(1);
  expect(plan.rewrite).toBe(false);
});

describe('decidePartition', () => {
  const head: PartitionHead = { id: 'p', tag: 't', identity: 'v1', state: 'done', keyCount: 3, aggregates: 2 };
  const summary = { ...summaryKey('t'), Identity: { S: 'v1' } };

  it('skips a partition done with the same identity, storing the summary only when the stored one differs', () => {
    expect(decidePartition({ identity: 'v1', summary: 'same' }, { head, summary: { identity: 'v1', text: 'same' } }, summary, 2)).toEqual({ action: 'skip' });
    expect(decidePartition({ identity: 'v1', summary: 'new' }, { head, summary: { identity: 'v1', text: 'old' } }, summary, 2)).toEqual({ action: 'skip', summary });
    expect(decidePartition({ identity: 'v1', summary: 'new' }, { head }, summary, 2)).toEqual({ action: 'skip', summary });
  });

  it('loads a partition never loaded, left loading, of another identity, or with aggregates of another version', () => {
    expect(decidePartition({ identity: 'v1' }, {}, undefined, 2)).toEqual({ action: 'load' });
    expect(decidePartition({ identity: 'v1' }, { head: { ...head, state: 'loading' } }, undefined, 2)).toEqual({ action: 'load' });
    expect(decidePartition({ identity: 'v2' }, { head }, undefined, 2)).toEqual({ action: 'load' });
    expect(decidePartition({ identity: 'v1', aggregates: [] }, { head }, undefined, 3)).toEqual({ action: 'load' });
    expect(decidePartition({ identity: 'v1' }, { head }, undefined, 3)).toEqual({ action: 'skip' }); // no aggregates given: their version does not matter
  });
});

it('planRemove deletes the aggregates, then the items, then the records with the head last', () => {
  const head: PartitionHead = { id: 'p', tag: 't', identity: 'v1', state: 'done', keyCount: 2 };
  const steps = planRemove(head, { keys: new Set([key('#agg#2010-12', 'x'), key('A', '1')]), pageKeys: [keyPageKey('t', 0)] });
  expect(steps).toEqual([
    { kind: 'delete-owned', tag: 't', keys: [key('#agg#2010-12', 'x')], counted: false },
    { kind: 'delete-owned', tag: 't', keys: [key('A', '1')], counted: true },
    { kind: 'write', puts: [], deletes: [keyPageKey('t', 0), summaryKey('t'), headKey('t')] },
  ]);
});
