import { SpecError } from '../errors/pipeline-error.js';

/** The default bound on one stage's trainable parameters: 100 million floats, 400 MB (1.2 GB with Adam's state). */
export const DEFAULT_MAX_PARAMETERS = 100_000_000;

/** The bound in force: $CONCERTINA_MAX_PARAMETERS when set to a positive number, else the default. */
export function maxParameters(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.CONCERTINA_MAX_PARAMETERS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_MAX_PARAMETERS;
}

/**
 * Counts the weights of the networks one stage builds as each weight is about to be allocated, and refuses the
 * one that would take the count past the bound: a spec asking for a network too big to fit fails with a spec
 * error naming the stage before the memory is taken, not with an allocation failure.
 */
export class ParameterBudget {
  private used = 0;

  constructor(
    readonly stageId: string,
    readonly pointer: string | undefined,
    readonly limit = maxParameters(),
  ) {}

  /** Accounts for a weight of `shape`; throws a SpecError when the stage would exceed the bound. */
  add(shape: readonly number[]): void {
    const size = shape.reduce((a, b) => a * b, 1);
    if (!Number.isFinite(size) || this.used + size > this.limit) {
      const total = this.used + size;
      throw new SpecError([
        {
          code: 'network-too-large',
          pointer: this.pointer,
          stageId: this.stageId,
          message:
            `the network of stage \`${this.stageId}\` would have more than ${this.limit.toExponential(2)} ` +
            `parameters (${Number.isFinite(total) ? total.toExponential(2) : 'too many to count'} so far, ` +
            `about ${gigabytes(total * 12)} GB of memory with the optimizer's state)`,
          hint:
            'make its layers smaller or fewer (hidden, filters, units, layers), or raise the bound with ' +
            'CONCERTINA_MAX_PARAMETERS=<n> if the machine has the memory',
        },
      ]);
    }
    this.used += size;
  }
}

function gigabytes(bytes: number): string {
  return Number.isFinite(bytes) ? (bytes / 2 ** 30).toFixed(1) : 'unbounded';
}
