import { overlaps, placeLabels, type LabelRequest } from './label-placement';

const bounds = { x: 0, y: 0, width: 400, height: 300 };

describe('placeLabels', () => {
  it('puts a free label to the right of its mark', () => {
    const [label] = placeLabels([{ key: 'a', text: 'Germany', x: 100, y: 100, radius: 10 }], { fontSize: 11, bounds });
    expect(label.anchor).toBe('start');
    expect(label.x).toBeGreaterThan(110);
    expect(label.leader).toBeUndefined();
  });

  it('never lets labels overlap each other, obstacles or the bounds', () => {
    const requests: LabelRequest[] = Array.from({ length: 30 }, (_, i) => ({ key: String(i), text: `Country ${i} £12.5k`, x: 180 + (i % 5) * 8, y: 140 + Math.floor(i / 5) * 6, radius: 3 }));
    const obstacle = { x: 150, y: 60, width: 100, height: 40 };
    const placed = placeLabels(requests, { fontSize: 11, bounds, obstacles: [obstacle] });
    expect(placed.length).toBeGreaterThan(3);
    expect(placed.length).toBeLessThan(30);
    for (const [i, a] of placed.entries()) {
      expect(overlaps(a.box, obstacle)).toBe(false);
      expect(a.box.x).toBeGreaterThanOrEqual(0);
      expect(a.box.x + a.box.width).toBeLessThanOrEqual(400);
      for (const b of placed.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false);
    }
  });

  it('goes left at the right edge and uses a leader line when the near ring is taken', () => {
    const [edge] = placeLabels([{ key: 'e', text: 'Japan £8.46k', x: 390, y: 150, radius: 4 }], { fontSize: 11, bounds });
    expect(edge.anchor).toBe('end');
    const blockers = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => ({ x: 200 + dx * 40 - 20, y: 150 + dy * 14 - 7, width: 40, height: 14 })));
    const [far] = placeLabels([{ key: 'f', text: 'X', x: 200, y: 150, radius: 2 }], { fontSize: 11, bounds, obstacles: blockers.filter((b) => !(b.x === 180 && b.y === 143)), gap: 3, leaderLength: 40 });
    expect(far?.leader).toBeDefined();
  });
});
