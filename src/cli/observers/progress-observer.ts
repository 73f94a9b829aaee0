import cliProgress from 'cli-progress';
import type { RunEvent } from '../../events/run-event.js';
import type { EventObserver } from '../../events/safe-observer.js';
import { formatMetric } from '../../util/format-table.js';

/**
 * Shows a run on the terminal: progress bars per stage on a TTY, one line per milestone otherwise
 * (CI logs). Writes to stderr so that --json output on stdout stays clean.
 */
export function progressObserver(stream: NodeJS.WriteStream = process.stderr): EventObserver<RunEvent> {
  const tty = stream.isTTY === true;
  const bars = tty
    ? new cliProgress.MultiBar(
        {
          stream,
          format: ' {stage} |{bar}| {value}/{total} {info}',
          hideCursor: true,
          clearOnComplete: false,
          barsize: 24,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const open = new Map<string, cliProgress.SingleBar>();
  const say = (s: string) => (bars ? bars.log(s + '\n') : stream.write(s + '\n'));
  const tag = (e: RunEvent) => (e.trial ? `[${e.trial}] ` : '');
  return {
    next(e) {
      switch (e.type) {
        case 'run-started':
          say(`${tag(e)}run ${e.runId}: ${e.pipeline} (${e.mode}, seed ${e.seed}, backend ${e.backend})`);
          break;
        case 'data-loaded':
          say(
            `${tag(e)}data: ${e.counts.train} train, ${e.counts.validation} validation, ` +
              `${e.counts.test} test` +
              `${e.cached ? ' (cached)' : ''}` +
              `${e.skipped.length ? `, ${e.skipped.length} files skipped` : ''}`,
          );
          break;
        case 'data-progress':
          if (!tty && (e.done === e.total || e.done % 500 === 0)) say(`${tag(e)}${e.what}: ${e.done}/${e.total}`);
          break;
        case 'stage-started':
          if (!tty) say(`${tag(e)}stage ${e.stageId} (${e.kind}): ${e.action}`);
          break;
        case 'batch-progress': {
          if (!bars || e.stageId === null) break;
          const key = `${e.trial ?? ''}/${e.stageId}`;
          let bar = open.get(key);
          if (!bar)
            open.set(key, (bar = bars.create(e.batches, 0, { stage: `${tag(e)}${e.stageId}`.padEnd(14), info: '' })));
          bar.setTotal(e.batches);
          bar.update(e.batch, { info: `epoch ${e.epoch}${e.loss !== undefined ? ` loss ${e.loss.toFixed(4)}` : ''}` });
          break;
        }
        case 'epoch-end': {
          const m = Object.entries(e.metrics)
            .map(([k, v]) => `${k} ${formatMetric(k, v)}`)
            .join(', ');
          say(
            `${tag(e)}${e.stageId} epoch ${e.epoch}/${e.epochs}: ` +
              `loss ${e.loss.toFixed(4)}${m ? ` | validation ${m}` : ''}${e.best ? ' *' : ''}`,
          );
          break;
        }
        case 'stage-completed': {
          const key = `${e.trial ?? ''}/${e.stageId}`;
          open.get(key)?.stop();
          open.delete(key);
          const m = e.metrics
            ? ' ' +
              Object.entries(e.metrics)
                .filter(([k]) => k !== 'n')
                .map(([k, v]) => `${k} ${formatMetric(k, v)}`)
                .join(', ')
            : '';
          say(
            `${tag(e)}stage ${e.stageId} done in ${(e.durationMs / 1000).toFixed(1)} s` +
              `${e.cached ? ' (cached)' : ''}${m}`,
          );
          break;
        }
        case 'stage-failed':
          say(`${tag(e)}stage ${e.stageId} failed: ${e.error.message}`);
          break;
        case 'log':
          say(`${tag(e)}${e.level === 'warn' ? 'warning: ' : ''}${e.stageId ? `${e.stageId}: ` : ''}${e.message}`);
          break;
        case 'run-completed': {
          const p = e.primary;
          const primary = p ? `: ${p.stageId} ${p.metric} ${formatMetric(p.metric, p.value)}` : '';
          say(`${tag(e)}run ${e.runId} completed in ${(e.durationMs / 1000).toFixed(1)} s${primary}`);
          break;
        }
        case 'run-failed':
          say(`${tag(e)}run ${e.runId} failed: ${e.error.message}`);
          break;
        case 'artifact-written':
          break;
        default: {
          const never: never = e;
          void never;
        }
      }
    },
    complete() {
      bars?.stop();
    },
    error() {
      bars?.stop();
    },
  };
}
