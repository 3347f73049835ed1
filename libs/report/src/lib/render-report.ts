import { formatMoney, type QualitySummary } from '@ecomlake/model';
import type { BubbleMapLayout } from '@ecomlake/plots';
import type { Analysis } from './analyze';
import { renderReportPage, type InteractiveMap, type ReportSection } from './report-page';
import { analysisSections, qualitySections } from './sections';

export interface ReportContent {
  title: string;
  /** The line under the title: when, which run, which target. */
  subtitle: string;
  /** Charts, the interactive map and the sales sections. Default: none. */
  analysis?: Analysis;
  /** The data summary and quality sections. Default: none. */
  quality?: QualitySummary;
  /** Sections placed first (e.g. the run's stages). Default: none. */
  before?: ReportSection[];
  /** Sections placed last (e.g. the load's figures). Default: none. */
  after?: ReportSection[];
}

/** The report as one self-contained HTML page. */
export function renderReport(content: ReportContent): string {
  const { analysis } = content;
  const sections = [
    ...(content.before ?? []),
    ...(content.quality ? qualitySections(content.quality) : []),
    ...(analysis ? analysisSections(analysis) : []),
    ...(content.after ?? []),
  ];
  if (!analysis) return renderReportPage({ title: content.title, subtitle: content.subtitle, charts: [], sections });
  const svg = (name: string) => analysis.charts.files.find((f) => f.name === name)?.data.toString() ?? '';
  const customerChart = analysis.charts.files.find((f) => f.name.startsWith('customer') && f.name.endsWith('.svg'));
  return renderReportPage({
    title: content.title,
    subtitle: content.subtitle,
    map: interactiveMap(analysis.charts.bubbleMap),
    charts: [
      { title: `Daily revenue, ${analysis.country}`, svg: svg('sales-trend.svg') },
      { title: 'Revenue by country, whole period', svg: svg('bubble-map-all.svg') },
      { title: 'Order values by country', svg: svg('order-values.svg') },
      ...(customerChart ? [{ title: 'One customer’s order values', svg: customerChart.data.toString() }] : []),
    ],
    sections,
  });
}

/** The layout's frames as the page's bubbles; a bubble inside the Europe inset is drawn there too. */
function interactiveMap({ layout, baseSvg }: { layout: BubbleMapLayout; baseSvg: string }): InteractiveMap {
  return {
    width: layout.width,
    height: layout.height,
    baseSvg,
    frames: layout.frames.map((frame) => ({
      month: frame.label,
      bubbles: frame.bubbles.flatMap((b) => {
        const bubble = { country: b.country, x: b.x, y: b.y, r: b.r, fill: b.fill, revenue: formatMoney(b.revenueMilli), orders: b.orders };
        return b.inset ? [bubble, { ...bubble, ...b.inset }] : [bubble];
      }),
    })),
  };
}
