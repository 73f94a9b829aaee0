import type { DatasetKind } from '../data/dataset.js';
import type { ServiceKind } from '../services/service-kind.js';
import { classStageKind, type DescribedStageClass, type StageKind } from '../stage/stage-kind.js';
import type { TransformKind } from '../transforms/transform-kind.js';

/**
 * The kinds a plugin (or concertina itself) adds: stage kinds (lazy entries, or classes with a static
 * descriptor), dataset kinds, transform kinds and pipeline services. `export default definePlugin({...})`
 * is all a plugin file needs.
 */
export interface KindSet {
  readonly stages?: readonly (StageKind | DescribedStageClass)[];
  readonly datasets?: readonly DatasetKind<any>[];
  readonly transforms?: readonly TransformKind<any>[];
  readonly services?: readonly ServiceKind<any>[];
}

/** Declares a plugin's kinds (an identity function that gives the object its type). */
export function definePlugin(kinds: KindSet): KindSet {
  return kinds;
}

/** Stage kinds of a kind set, classes turned into entries. */
export function stageKindsOf(set: KindSet): StageKind[] {
  // Entries are a plugin's: anything may be there (null, a number); the catalog reports what is not a kind.
  return (Array.isArray(set.stages) ? set.stages : []).map((s) => (typeof s === 'function' ? classStageKind(s) : s));
}
