import path from 'node:path';
import { dvcName, writeDvcYaml } from '../../dvc/dvclive-layout.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { YamlValue } from '../../dvc/yaml-text.js';
import type { TrialResult } from '../trial-result.js';
import { aggregate, armsOf } from './aggregate.js';

/** Where an ablation keeps its learning curves as DVC plot series. */
const CURVES_DIR = 'plots/learning-curves';

/**
 * An ablation folder in the DVCLive layout: metrics.json (per metric, arm and training fraction: mean, std and
 * seeds), one TSV per metric and arm under plots/learning-curves (`examples\t<metric>\tstd\tn\tfraction`) and a
 * dvc.yaml that declares both, one plot per metric with every arm overlaid. Returns the files written.
 */
export function writeAblationDvc(dir: string, results: readonly TrialResult[], metrics: readonly string[]): string[] {
  const written: string[] = [];
  const write = (name: string, data: string) => {
    const file = path.join(dir, name);
    writeFileAtomic(file, data);
    written.push(file);
  };
  const summary: Record<string, Record<string, Record<string, Record<string, number | null>>>> = {};
  const plots: YamlValue[] = [];
  for (const metric of metrics) {
    const cells = aggregate(results, metric);
    const column = dvcName(metric);
    const y: Record<string, string> = {};
    for (const arm of armsOf(results)) {
      const mine = cells.filter((c) => c.arm === arm && c.n > 0);
      const byFraction: Record<string, Record<string, number | null>> = {};
      for (const c of mine) byFraction[`f${c.trainFraction}`] = { mean: c.mean, std: c.std, n: c.n };
      (summary[metric] ??= {})[arm] = byFraction;
      const rows = mine.map((c) => `${round(c.trainExamples)}\t${c.mean}\t${c.std}\t${c.n}\t${c.trainFraction}`);
      const name = `${CURVES_DIR}/${column}/${dvcName(arm)}.tsv`;
      write(name, [`examples\t${column}\tstd\tn\tfraction`, ...rows].join('\n') + '\n');
      y[name] = column;
    }
    plots.push({
      [`${metric} against training examples`]: {
        template: 'linear',
        x: 'examples',
        y,
        x_label: 'training examples',
        y_label: metric,
      },
    });
  }
  write('metrics.json', JSON.stringify(summary, null, 2) + '\n');
  written.push(writeDvcYaml(dir, { metrics: ['metrics.json'], plots }));
  return written;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
