export { analyzeTable, type Analysis, type AnalyzeOptions, type DaySpan, type QueryRun } from './lib/analyze';
export { buildReport, chartFiles, reportFigures, reportPage, type BuildReportOptions, type BuiltReport, type ReportFile } from './lib/build-report';
export { renderReport, type ReportContent } from './lib/render-report';
export type { ReportSection } from './lib/report-page';
export { analysisSections, qualitySections, queriesSection } from './lib/sections';
export { verifyAnalysis, type AnalysisCheck } from './lib/verify';
