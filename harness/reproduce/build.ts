/** Builds a document's reproduction report (plain data) from its plan and the bench results. */
import type { Context } from '../measure/context.js';
import { coresAvailable } from '../report/format.js';
import type { ArticleFigure, ArticleTable, Metric } from '../../scenarios/documents/document.js';
import type { ExperimentResults, ReportSection, Reproduction } from './reading.js';
import { explainRow, findRow, metricValue } from './measured.js';

/** One metric of one row: the article's figure, scaled where the table is, and parabench's. */
export interface ComparedCell {
  readonly metric: Metric;
  readonly article: ArticleFigure | null;
  /** The article's value x the table's scale; null when unscaled or the article has no value. */
  readonly articleScaled: number | null;
  readonly measured: number | null;
  /** measured / article (scaled) - 1, as a fraction, where both exist and the table is scaled. */
  readonly deviation: number | null;
}

/** One article row beside its Node counterpart. */
export interface ComparedRow {
  readonly articleLabel: string;
  readonly counterpart: { readonly label: string; readonly experiment: string; readonly rowKey: string; readonly items: number | null; readonly mapping: string };
  readonly cells: readonly ComparedCell[];
}

/** An article table with both columns filled in. */
export interface ComparedTable {
  readonly id: string;
  readonly title: string;
  readonly articleTables: readonly string[];
  readonly metrics: readonly Metric[];
  readonly scale: number | null;
  readonly rows: readonly ComparedRow[];
  readonly footnotes: readonly string[];
}

/** Where a bench run's results went and how long it took. */
export interface RunRecord {
  readonly experiment: string;
  readonly path: string;
  readonly wallSeconds: number;
}

/** A document's reproduction: what `reproduce` writes as JSON and renders as markdown. */
export interface DocumentReport {
  readonly document: { readonly id: string; readonly slug: string; readonly title: string; readonly file: string };
  readonly articleHardware: string;
  readonly machine: string;
  readonly facts: Readonly<Record<string, string | number>>;
  readonly mapping: readonly string[];
  readonly tables: readonly ComparedTable[];
  readonly sections: readonly ReportSection[];
  /** Why each row came out as it did, from measured figures only. */
  readonly explained: readonly string[];
  readonly runs: readonly RunRecord[];
  readonly wallSeconds: number;
}

/** Only time metrics scale with document 002's time scale. */
const SCALES_WITH_TIME: ReadonlySet<Metric> = new Set(['real', 'user', 'sys', 'work']);

function compareTable(table: ArticleTable, results: ExperimentResults): ComparedTable {
  const baseline = table.baselineRowKey === undefined ? undefined : table.rows.find((r) => r.counterpart.rowKey === table.baselineRowKey);
  const baselineRow = baseline === undefined ? undefined : findRow(results, baseline.counterpart)?.row;
  const rows = table.rows.map((articleRow): ComparedRow => {
    const found = findRow(results, articleRow.counterpart);
    const cells = table.metrics.map((metric): ComparedCell => {
      const article = articleRow.figures[metric] ?? null;
      const scaled = table.scale !== undefined && SCALES_WITH_TIME.has(metric) && article?.value != null ? article.value * table.scale : null;
      const measured = metricValue(found?.row, metric, baselineRow);
      const deviation = scaled !== null && measured !== null && scaled > 0 ? measured / scaled - 1 : null;
      return { metric, article, articleScaled: scaled, measured, deviation };
    });
    return {
      articleLabel: articleRow.label,
      counterpart: {
        label: found?.row.label ?? `${articleRow.counterpart.rowKey} (not measured)`,
        experiment: articleRow.counterpart.experiment,
        rowKey: articleRow.counterpart.rowKey,
        items: found?.scenario.items ?? null,
        mapping: articleRow.counterpart.mapping,
      },
      cells,
    };
  });
  return {
    id: table.id,
    title: table.title,
    articleTables: table.articleTables,
    metrics: table.metrics,
    scale: table.scale ?? null,
    rows,
    footnotes: table.footnotes ?? [],
  };
}

/** One line about the machine the results came from, from the first run's context. */
export function machineLine(context: Context | undefined): string {
  if (context === undefined) return 'no run completed';
  return `${context.cpuModel}, ${coresAvailable(context)}, ${(context.memoryBytes / 2 ** 30).toFixed(0)} GiB, ${context.os}, Node ${context.node}${context.sharp === undefined ? '' : `, sharp ${context.sharp} / libvips ${context.libvips ?? 'unknown'}`}`;
}

/**
 * The report of one document: every article table with both columns, the document's own
 * sections, and "explained" lines for every counterpart row (each once) plus the plan's own.
 */
export function buildReport(plan: Reproduction, results: ExperimentResults, runs: readonly RunRecord[], wallSeconds: number): DocumentReport {
  const first = [...results.values()][0];
  const cores = first?.context.cores ?? 1;
  const seen = new Set<string>();
  const explained: string[] = [];
  for (const table of plan.tables) {
    for (const row of table.rows) {
      const key = `${row.counterpart.experiment}:${row.counterpart.rowKey}:${row.counterpart.items ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const found = findRow(results, row.counterpart);
      const at = found === undefined ? '' : ` (${row.counterpart.experiment}, ${found.scenario.items} items)`;
      explained.push(explainRow(`${found?.row.label ?? row.counterpart.rowKey}${at}`, found?.row, cores));
    }
  }
  return {
    document: { id: plan.name.id, slug: plan.name.slug, title: plan.name.title, file: plan.file },
    articleHardware: plan.articleHardware,
    machine: machineLine(first?.context),
    facts: plan.facts,
    mapping: plan.mapping,
    tables: plan.tables.map((table) => compareTable(table, results)),
    sections: plan.sections(results),
    explained: [...explained, ...plan.explain(results)],
    runs,
    wallSeconds,
  };
}
