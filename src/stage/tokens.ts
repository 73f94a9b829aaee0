/**
 * Dependency-injection tokens of the stage and dataset contracts. A token is a Symbol named like the
 * interface it stands for.
 */
export const STAGE_CONTEXT = Symbol.for('concertina.StageContext');
export const STAGE_KIND = Symbol.for('concertina.StageKind');
export const DATASET_KIND = Symbol.for('concertina.DatasetKind');
