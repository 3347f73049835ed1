export { analyzeTable, type Analysis, type AnalyzeOptions, type DaySpan, type QueryRun } from './lib/analyze';
export { buildReport, type BuildReportOptions, type BuiltReport, type ReportFile } from './lib/build-report';
export { renderReport, type ReportContent } from './lib/render-report';
export { renderReportPage, type ReportPage, type ReportSection, type InteractiveMap, type MapBubble } from './lib/report-page';
export { analysisSections, notesSection, qualitySections, queriesSection } from './lib/sections';
export { escapeHtml, htmlTable, scriptJson, svgImage } from './lib/html';
export { verifyAnalysis, type AnalysisCheck } from './lib/verify';
