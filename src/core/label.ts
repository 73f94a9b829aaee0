/**
 * What a dataset says about each of its labels (supervisions). At compile time only the kind is
 * known; once loaded, the class names or the token alphabet too.
 */
export type LabelKind = 'class' | 'sequence' | 'multi-label';

export interface LabelDescription {
  readonly kind: LabelKind;
  readonly description?: string;
  /** Number of classes / tokens / outputs, when the dataset's params fix it. */
  readonly size?: number;
  /** Name of the token error rate of a sequence label (`per` for phonemes, `wer` for words; default `ter`). */
  readonly errorMetric?: string;
}

/** A label with the supervision name it goes by. */
export type NamedLabel = LabelInfo & { readonly name: string };

export interface LabelInfo extends LabelDescription {
  /** Class names (class), token alphabet (sequence) or output names (multi-label). Ids index this list. */
  readonly names: readonly string[];
}
