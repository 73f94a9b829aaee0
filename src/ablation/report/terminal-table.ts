import { formatTable } from '../../util/format-table.js';
import type { TrialResult } from '../trial-result.js';
import { aggregate, armsOf, findCell, fractionsOf, type CellStats } from './aggregate.js';
import { bestArms } from './best-arms.js';
import { directionText, formatCell, scaleOfCells } from './metric-format.js';
import { rowLabel } from './report-markdown.js';

/** One metric's table for the terminal: training fraction by arm, `mean ± std (n)`, the best per row marked `*`. */
export function terminalTable(results: readonly TrialResult[], metric: string): string {
  const cells = aggregate(results, metric);
  const arms = armsOf(results);
  const scale = scaleOfCells(metric, cells);
  const rows = fractionsOf(results).map((f) => {
    const row = arms.map((a) => findCell(cells, a, f)).filter((c): c is CellStats => c !== undefined);
    const best = bestArms(row, metric);
    return [
      rowLabel(f, row),
      ...arms.map((a) => `${formatCell(findCell(cells, a, f), scale)}${best.has(a) ? ' *' : ''}`),
    ];
  });
  const head = `${metric} (${directionText(metric)}): mean ± std over seeds; * best per row`;
  return `${head}\n${formatTable(['training data', ...arms], rows)}`;
}
