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
}

export interface LabelInfo extends LabelDescription {
  /** Class names (class), token alphabet (sequence) or output names (multi-label). Ids index this list. */
  readonly names: readonly string[];
}
