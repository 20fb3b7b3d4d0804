/** The `markdown` format: the report file and its charts. */
import { chartPlans } from '../report/charts/specs.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Exporter, ExportFile } from './exporter.js';

/** The report, and its charts as SVG files in a folder beside it. */
export const markdown: Exporter = {
  name: 'markdown',
  summary: 'a report with the tables, decision matrix, projection and SVG charts beside it',
  label: 'Report',
  async files(results, target) {
    const plans = chartPlans(results);
    const dir = `${target.baseName}-charts`;
    const charts: ExportFile[] = [];
    if (plans.length > 0) {
      const { renderSvg } = await import('../report/charts/render.js'); // vega takes about 0.2 s to load: only drawing pays for it
      for (const plan of plans) charts.push({ path: `${dir}/${plan.file}`, content: await renderSvg(plan) });
    }
    return [{ path: `${target.baseName}.md`, content: renderMarkdown(results, { dir, plans }) }, ...charts];
  },
};
