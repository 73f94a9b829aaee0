import { collapseTransform } from './collapse.js';
import { multitaskTransform } from './multitask.js';
import type { TransformKind } from './transform-kind.js';
import { transferTransform } from './transfer.js';

/** The transform kinds that ship with concertina, registered by the composition root like plugins' kinds. */
export const builtinTransforms: readonly TransformKind[] = [collapseTransform, transferTransform, multitaskTransform];
