import type { PortType } from './port-type.js';
import type { LabelDescription } from './label.js';

/** What compile needs to know about a dataset, from the spec alone (no I/O). */
export interface DatasetDescription {
  readonly input: PortType;
  readonly labels: Readonly<Record<string, LabelDescription>>;
  /** Whether the dataset can produce an official split. */
  readonly hasOfficialSplit: boolean;
  /** Whether examples carry groups (speakers). */
  readonly hasGroups: boolean;
}
