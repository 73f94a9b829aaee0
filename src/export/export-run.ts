import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StepCache } from '../cache/step-cache.js';
import { BUNDLE_VERSION, type BundleManifest, type InferenceStage } from '../core/inference.js';
import type { PortType } from '../core/port-type.js';
import { StageError } from '../errors/pipeline-error.js';
import { createStage } from '../execute/create-stage.js';
import { openFinishedRun } from '../execute/finished-run.js';
import { loadPipelineData } from '../execute/pipeline-data.js';
import type { BackendChoice, RunServices } from '../execute/run-request.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { preparePlan } from '../plan/prepare-plan.js';
import { validateSpec } from '../spec/load-spec.js';
import { modeOf } from '../spec/spec-mode.js';
import { packageVersion } from '../util/package-root.js';
import { writeNetwork } from './write-network.js';

export interface ExportOptions {
  readonly runDir: string;
  /** Folder the bundle is written to (created; files in it are replaced). */
  readonly out: string;
  readonly cacheDir: string;
  readonly backend?: BackendChoice;
}

export interface ExportResult {
  readonly runId: string;
  readonly out: string;
  readonly manifest: BundleManifest;
  /** Every file of the bundle with its size in bytes. */
  readonly files: readonly { readonly file: string; readonly bytes: number }[];
  readonly bytes: number;
  /** Training-only layers removed, by stage. */
  readonly removed: Readonly<Record<string, readonly string[]>>;
}

/**
 * Writes the inference bundle of a finished run: manifest.json (the inference graph, versioned) and
 * every trained network as a model.json + weights.bin that stock tfjs loads (a stage's separate networks per
 * head each in `<stage>/part-<i>/`). Each stage describes what it
 * computes at inference (Stage.inference); a stage that cannot is an error naming it.
 */
export async function exportRun(o: ExportOptions, services: RunServices): Promise<ExportResult> {
  const { folder, spec: raw } = openFinishedRun(o.runDir, 'export');
  const loaded = validateSpec(raw, path.join(folder.dir, 'spec.json'), {}, folder.dir);
  const plan = preparePlan(loaded, services.catalog, modeOf(loaded.spec));
  await services.selectBackend(o.backend ?? 'auto');
  // The labels (class names, alphabets) and services (the lexicon) come with the data, as in `eval`.
  const { data, services: pipelineServices } = await loadPipelineData(loaded, plan, services, {
    cache: new StepCache(o.cacheDir),
  });
  mkdirSync(o.out, { recursive: true });
  const types = new Map<string, PortType>();
  const stages: InferenceStage[] = [];
  const removed: Record<string, string[]> = {};
  const customLayers = new Set<string>();
  for (const step of plan.steps) {
    const s = step.stage;
    if (step.action === 'source') types.set(s.id, s.outputType);
    const stage = await createStage(s, {
      services,
      labels: data.labels,
      pipelineServices,
      serviceNames: plan.pipeline.services,
      emit: () => {},
      signal: new AbortController().signal,
      types,
    });
    try {
      const dir = folder.stageDir(s.id);
      if (stage.load && existsSync(dir)) await stage.load(dir);
      else if (step.action === 'fit')
        throw new StageError(`the run folder has no saved model for stage \`${s.id}\` (${dir})`, {
          location: { stageId: s.id },
          hint: 'the run did not finish; run it again',
        });
      if (!stage.inference)
        throw new StageError(`stage \`${s.id}\` (kind ${s.kind}) has no inference path: it cannot be exported`, {
          location: { stageId: s.id },
          hint: `the kind \`${s.kind}\` must implement Stage.inference()`,
        });
      let op = stage.inference();
      if (op.op === 'network') {
        const write = (model: string, to: string) => {
          const written = writeNetwork(path.join(dir, model), path.join(o.out, to), s.id);
          const list = (removed[s.id] ??= []);
          list.push(...written.removed.filter((r) => !list.includes(r)));
          written.customLayers.forEach((c) => customLayers.add(c));
          return `${to}/model.json`;
        };
        // Separate networks per head: each its own model, `<stage>/part-<i>/`.
        op = op.parts
          ? { ...op, parts: op.parts.map((p, i) => ({ ...p, model: write(p.model, `${s.id}/part-${i}`) })) }
          : { ...op, model: write(op.model, s.id) };
      }
      stages.push({ ...op, id: s.id, kind: s.kind, inputs: s.inputs });
    } finally {
      stage.dispose?.();
    }
  }
  const manifest: BundleManifest = {
    format: 'concertina-bundle',
    version: BUNDLE_VERSION,
    pipeline: loaded.spec.name,
    mode: plan.mode,
    run: {
      id: folder.runId,
      metrics: folder.has('metrics.json')
        ? (folder.readJson<{ metrics?: BundleManifest['run']['metrics'] }>('metrics.json').metrics ?? {})
        : {},
    },
    exportedAt: new Date().toISOString(),
    concertinaVersion: packageVersion(),
    stages,
    output: plan.pipeline.primaryOutput,
    customLayers: [...customLayers].sort(),
  };
  writeJsonAtomic(path.join(o.out, 'manifest.json'), manifest);
  const files = listFiles(o.out);
  return {
    runId: folder.runId,
    out: o.out,
    manifest,
    files,
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    removed,
  };
}

/** Files under a folder with their sizes (paths relative to it, with forward slashes). */
export function listFiles(dir: string, rel = ''): { file: string; bytes: number }[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, r) : [{ file: r, bytes: statSync(path.join(dir, r)).size }];
  });
}
