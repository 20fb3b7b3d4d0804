/** Renders a document's reproduction report as markdown: a pure function of the report's data. */
import type { Metric } from '../../scenarios/documents/document.js';
import type { ComparedCell, ComparedTable, DocumentReport } from './build.js';
import { markdownCode, markdownText } from '../safe-text.js';

/** Each metric's name and unit, as column headers show them. */
export const METRIC_HEADINGS: Readonly<Record<Metric, { readonly name: string; readonly unit: string }>> = {
  real: { name: 'Real', unit: 's' },
  user: { name: 'User', unit: 's' },
  sys: { name: 'Sys', unit: 's' },
  work: { name: 'Work window', unit: 's' },
  speedup: { name: 'Speedup', unit: 'x' },
  cpuUtil: { name: 'CPU util', unit: '%' },
  coresBusy: { name: 'Cores busy', unit: 'cores' },
};

/** A measured figure in its metric's unit, with the precision that suits it. */
export function formatMetric(metric: Metric, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '-';
  const { unit } = METRIC_HEADINGS[metric];
  if (unit === '%') return value.toFixed(0);
  if (unit === 'x' || unit === 'cores') return value.toFixed(2);
  return value.toFixed(value < 10 ? 3 : 2);
}

/** A deviation as a signed percentage, e.g. "+1.8%". */
export function formatDeviation(deviation: number | null): string {
  if (deviation === null || !Number.isFinite(deviation)) return '-';
  const text = `${(deviation * 100).toFixed(1)}%`;
  return deviation >= 0 ? `+${text}` : text;
}

const escape = (text: string): string => text.replace(/\|/g, '\\|');

/** How a metric's columns are laid out: the article's and parabench's, the scaled figure and deviation where scaled, parabench's alone where the article has no figure. */
function layout(table: ComparedTable, metric: Metric): 'scaled' | 'both' | 'measured' {
  const cellsOf = table.rows.flatMap((row) => row.cells.filter((cell) => cell.metric === metric));
  if (table.scale !== null && cellsOf.some((cell) => cell.articleScaled !== null)) return 'scaled';
  return cellsOf.some((cell) => cell.article !== null) ? 'both' : 'measured';
}

function headers(table: ComparedTable): string[] {
  return table.metrics.flatMap((metric) => {
    const { name, unit } = METRIC_HEADINGS[metric];
    const measured = `${name} (parabench, ${unit})`;
    switch (layout(table, metric)) {
      case 'scaled':
        return [`${name} (article, ${unit})`, `article x ${table.scale} (${unit})`, measured, 'deviation'];
      case 'both':
        return [`${name} (article, ${unit})`, measured];
      case 'measured':
        return [measured];
    }
  });
}

function cells(table: ComparedTable, row: readonly ComparedCell[]): string[] {
  return row.flatMap((cell) => {
    const article = cell.article === null ? '-' : escape(cell.article.text);
    const measured = formatMetric(cell.metric, cell.measured);
    switch (layout(table, cell.metric)) {
      case 'scaled':
        return [article, formatMetric(cell.metric, cell.articleScaled), measured, formatDeviation(cell.deviation)];
      case 'both':
        return [article, measured];
      case 'measured':
        return [measured];
    }
  });
}

/** One article table: its rows, the article's figures and parabench's, the mapping per row. */
export function renderTable(table: ComparedTable): string[] {
  const head = ['Article row', 'Node counterpart (parabench row)', ...headers(table)];
  const lines = [
    `## ${table.title}`,
    '',
    `Carries the article's: ${table.articleTables.join('; ')}.`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  for (const row of table.rows) {
    const size = row.counterpart.items === null ? '' : `, ${row.counterpart.items} items`;
    lines.push(`| ${escape(row.articleLabel)} | ${escape(row.counterpart.label)} (${row.counterpart.experiment}${size}) | ${cells(table, row.cells).join(' | ')} |`);
  }
  lines.push('', 'Mapping per row:', ...table.rows.map((row) => `- ${row.articleLabel} -> \`${row.counterpart.rowKey}\`: ${row.counterpart.mapping}`));
  if (table.footnotes.length > 0) lines.push('', ...table.footnotes.map((note) => `- ${note}`));
  lines.push('');
  return lines;
}

/** The whole report: context, mapping, every table, the document's sections, "explained", the runs. */
export function renderReport(report: DocumentReport): string {
  const { document } = report;
  const lines = [
    `# Document ${document.id} (${document.slug}): ${document.title}`,
    '',
    `Reproduced by \`parabench reproduce ${document.id}\` from \`${document.file}\`. Figures marked "article" are the article's own, on the article's hardware (${report.articleHardware}); figures marked "parabench" were measured here, on ${markdownText(report.machine)}: medians over the measured trials.`,
    '',
    `Settings: ${Object.entries(report.facts).map(([name, value]) => `${name} ${value}`).join(', ')}. The whole reproduction took ${report.wallSeconds.toFixed(1)} s.`,
    '',
    '## How Python maps to Node',
    '',
    ...report.mapping.map((line) => `- ${line}`),
    '',
  ];
  for (const table of report.tables) lines.push(...renderTable(table));
  for (const section of report.sections) lines.push(`## ${section.title}`, '', ...section.lines, '');
  lines.push('## Explained (from the measured figures)', '', ...report.explained.map((line) => `- ${line}`), '');
  lines.push('## Runs', '', ...report.runs.map((run) => `- ${run.experiment}: ${markdownCode(run.path)} (${run.wallSeconds.toFixed(1)} s)`), '');
  return lines.join('\n');
}
