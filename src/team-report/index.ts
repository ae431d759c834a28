/** Reports over repositories: build one from gathered data, render it as Markdown, HTML or JSON. */
import { buildReport } from './build.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { Report, ReportInput } from './model.js';
import { safeJson } from '../text/escape.js';

export { buildReport, firingAlerts } from './build.js';
export { esc, renderHtml } from './html.js';
export { mdCode, mdText, renderMarkdown } from './markdown.js';
export * from './model.js';

export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderJson(report: Report): string {
  return safeJson(report);
}

export function renderReport(report: Report, format: ReportFormat): string {
  return format === 'html'
    ? renderHtml(report)
    : format === 'json'
      ? renderJson(report)
      : renderMarkdown(report);
}

/** Builds and renders in one go. */
export function report(input: ReportInput, format: ReportFormat): string {
  return renderReport(buildReport(input), format);
}
