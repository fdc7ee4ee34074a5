import { LossError } from '../errors';
import type { LossFamily, LossSpec } from '../catalog/types';

/** Placeholder for a loss whose implementation has not landed yet. Remove once every loss is in. */
export function pending(id: string, family: LossFamily): LossSpec {
  return {
    id, title: id, family, summary: '', formula: { unicode: '', latex: '' }, args: [], options: [],
    shapes: { input: '', target: '', output: '' }, spellings: [], whenToUse: [], pitfalls: [], gradient: '',
    references: [], expects: { prediction: 'values', target: 'values' },
    compute: () => { throw new LossError(id, null, 'not implemented yet'); },
  };
}
