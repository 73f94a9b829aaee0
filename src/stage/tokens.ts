/**
 * Dependency-injection token of the stage contract: stage classes receive their StageContext under
 * it. A token is a Symbol named like the interface it stands for.
 */
export const STAGE_CONTEXT = Symbol.for('concertina.StageContext');
