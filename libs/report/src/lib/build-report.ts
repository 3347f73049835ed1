import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { QualitySummary } from '@ecomlake/model';
import { analyzeTable, readCapacityOf, type Analysis, type AnalyzeOptions } from './analyze';
import { renderReport, type ReportContent } from './render-report';
import type { ReportSection } from './report-page';

export interface BuildReportOptions extends AnalyzeOptions {
  /** The page's title. Default `'ecomlake report'`. */
  title?: string;
  /** The line under the title. Default: the time the report was built (UTC). */
  subtitle?: string;
  /** The run's quality report, shown as the data summary and quality sections. Default: none. */
  quality?: QualitySummary;
  /** Extra sections placed before the others. Default: none. */
  sections?: ReportSection[];
}

/** One file of a built report. */
export interface ReportFile {
  /** A plain file name: `report.html`, `sales-trend.svg`, `bubble-map.gif`, … */
  name: string;
  contentType: string;
  body: Uint8Array;
}

export interface BuiltReport {
  analysis: Analysis;
  /** Every chart (SVG, PNG, GIF, WebP) and `report.html`, ready to write anywhere (a folder, S3). */
  files: ReportFile[];
  /** The answers and what reading cost, for a run summary. */
  figures: Record<string, unknown>;
}

const CONTENT_TYPES: Record<string, string> = { svg: 'image/svg+xml', png: 'image/png', gif: 'image/gif', webp: 'image/webp', html: 'text/html; charset=utf-8' };

/** Analyzes the table and builds the whole report: its charts and one self-contained HTML page. */
export async function buildReport(dynamodb: DynamoDBClient, table: string, options: BuildReportOptions = {}): Promise<BuiltReport> {
  const analysis = await analyzeTable(dynamodb, table, options);
  const page = reportPage({
    title: options.title ?? 'ecomlake report',
    subtitle: options.subtitle ?? `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · table ${table}`,
    analysis,
    quality: options.quality,
    before: options.sections,
  });
  return { analysis, files: [...chartFiles(analysis), page], figures: reportFigures(analysis) };
}

/**
 * The analysis's charts as report files (SVG, PNG, GIF, WebP). With `reportPage`, what
 * `buildReport` is made of, for an app that writes the page later than it draws the charts
 * (the local app's page lists its stages, the analytics stage included).
 */
export function chartFiles(analysis: Analysis): ReportFile[] {
  return analysis.charts.files.map((f) => ({ name: f.name, contentType: contentTypeOf(f.name), body: typeof f.data === 'string' ? new Uint8Array(Buffer.from(f.data, 'utf8')) : new Uint8Array(f.data) }));
}

/** `report.html`: the one self-contained page (`renderReport`) as a report file. */
export function reportPage(content: ReportContent): ReportFile {
  return { name: 'report.html', contentType: CONTENT_TYPES.html, body: new Uint8Array(Buffer.from(renderReport(content), 'utf8')) };
}

/** What a run summary keeps of an analysis: its answers, the charts drawn, and what every query read (checks added after it included). */
export function reportFigures(analysis: Analysis): Record<string, unknown> {
  return { ...analysis.answers, charts: analysis.charts.files.length, readCapacity: readCapacityOf(analysis.queries) };
}

function contentTypeOf(name: string): string {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}
