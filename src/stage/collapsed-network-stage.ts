import type * as tf from '@tensorflow/tfjs';
import { SpecError, StageError } from '../errors/pipeline-error.js';
import { NetworkStage } from './network-stage.js';
import type { LayerFactory } from '../train/layer-factory.js';
import type { NetworkMember, Stage } from './stage.js';
import type { StageContext } from './stage-context.js';
import type { Head } from '../train/head.js';

/**
 * The one network of end-to-end mode: each member stage adds its layers symbolically, in order; the
 * last member's head (its supervision) trains the whole. A new stage kind takes part by implementing
 * NetworkMember; nothing here knows any kind. Multi-task heads and transfer work as for any network stage.
 */
export class CollapsedNetworkStage extends NetworkStage {
  constructor(
    ctx: StageContext,
    private readonly members: readonly (Stage & NetworkMember)[],
    private readonly memberIds: readonly string[],
    private readonly memberPointers: readonly (string | undefined)[] = [],
  ) {
    super(ctx);
    members.forEach((m, i) => {
      if (typeof m.buildLayers !== 'function') {
        throw new StageError(
          `stage \`${memberIds[i]}\` cannot lend layers to the end-to-end network (its kind has no buildLayers)`,
          { location: { stageId: memberIds[i] } },
        );
      }
    });
  }

  /** A network-too-large error pointed at the member whose layers passed the bound (its params are the fix). */
  private atMember(err: unknown, i: number): unknown {
    if (!(err instanceof SpecError) || !err.problems.every((p) => p.code === 'network-too-large')) return err;
    const id = this.memberIds[i]!;
    const pointer = this.memberPointers[i];
    return new SpecError(
      err.problems.map((p) => ({
        ...p,
        stageId: id,
        ...(pointer !== undefined ? { pointer } : {}),
        message: `${p.message}, reached in the layers of \`${id}\``,
      })),
    );
  }

  override head(): Head {
    const last = this.members[this.members.length - 1]!;
    return last.head ? last.head() : super.head();
  }

  override outputLength(n: number): number {
    return this.members.reduce((len, m) => m.outputLength(len), n);
  }

  override lengthMultiple(): number {
    // Strides compose: the input length must divide by the product of every member's multiple.
    return this.members.reduce((k, m) => k * (m.lengthMultiple?.() ?? 1), 1);
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    return this.members.reduce((h, m, i) => {
      try {
        return m.buildLayers(h, i === this.members.length - 1 ? 'last' : 'member', layers);
      } catch (err) {
        throw this.atMember(err, i);
      }
    }, input);
  }

  /** The Keras-style layer summary of the built network (for `concertina plan`). */
  summary(): string {
    const lines: string[] = [];
    for (const n of this.build().networks()) n.model.summary(100, undefined, (l: string) => lines.push(l));
    return lines.join('\n');
  }
}
