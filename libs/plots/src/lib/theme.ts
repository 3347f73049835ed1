/**
 * The one place for how charts look: fonts, sizes, colours. Charts read it; nothing
 * else sets a colour or a font size.
 */
export const theme = {
  /** librsvg resolves the family through fontconfig; browsers fall back to sans-serif. */
  fontFamily: 'DejaVu Sans, sans-serif',
  fontSize: {
    title: 17,
    subtitle: 12,
    axis: 11,
    label: 11,
    note: 10.5,
    month: 26,
  },
  color: {
    background: '#ffffff',
    text: '#1f2328',
    muted: '#57606a',
    axis: '#8c959f',
    grid: '#e6e8eb',
    /** Main series (daily revenue, bars). */
    primary: '#2a6fb0',
    /** A second series drawn over the first (moving average, density curve). */
    accent: '#d1560f',
    /** Reference marks: mean, median. */
    reference: '#b3124a',
    ocean: '#eef3f8',
    land: '#d8dcdf',
    border: '#ffffff',
    sphere: '#9aa4ad',
    /** Stroke around map bubbles: keeps yellow (high) Viridis bubbles visible on light land. */
    bubbleStroke: '#2b2d42',
    /** Halo behind labels drawn over shapes. */
    halo: '#ffffff',
  },
  /** Categorical colours (Tableau 10), for small multiples. */
  categorical: ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'],
  margin: { top: 58, right: 24, bottom: 40, left: 64 },
} as const;

export type Theme = typeof theme;
