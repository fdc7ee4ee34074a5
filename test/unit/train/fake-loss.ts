/** A stand-in catalog entry for testing links and networks: value = Σ (w_i p_i + p_i²/2) over the
 *  prediction p (target ignored), gradient w + p. Its `expects` is whatever the test needs. */
import type { LossSpec, PredictionKind, TargetKind } from '../../../src/engine/catalog/types';
import { Tensor } from '../../../src/engine/tensor';

export function fakeLoss(prediction: PredictionKind, target: TargetKind, extra: Partial<LossSpec> = {}): LossSpec {
  return {
    id: `fake_${prediction}_${target}`, title: 'fake', family: 'classification', summary: '', formula: { unicode: '', latex: '' },
    args: [
      { name: 'input', shape: '', dtype: 'float', differentiable: true, meaning: 'prediction' },
      { name: 'target', shape: '', dtype: 'float', differentiable: false, meaning: 'target' },
    ],
    options: [], shapes: { input: '', target: '', output: '' }, spellings: [], whenToUse: [], pitfalls: [], gradient: '', references: [],
    expects: { prediction, target },
    compute: (args) => {
      const p = args.input!;
      let v = 0;
      const g = new Float64Array(p.size);
      for (let i = 0; i < p.size; i++) {
        const w = Math.sin(1 + i);
        v += w * p.data[i]! + 0.5 * p.data[i]! ** 2;
        g[i] = w + p.data[i]!;
      }
      return { value: Tensor.scalar(v), grad: { input: new Tensor(p.shape, g) } };
    },
    ...extra,
  };
}
