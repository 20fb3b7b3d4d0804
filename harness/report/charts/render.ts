/** Draws a vega-lite chart as SVG, headlessly. */
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { ChartPlan } from './specs.js';

/** Draws a chart headlessly: vega-lite compiles the spec to vega, and vega renders SVG without a browser. */
export async function renderSvg(plan: Pick<ChartPlan, 'spec'>): Promise<string> {
  const view = new View(parse(compile(plan.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
