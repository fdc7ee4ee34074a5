/** Catalog entries whose definition is one framework's function (NT-Xent as optax computes it,
 *  the metric-learning losses as pytorch-metric-learning does): their compute is that spelling's. */
import type { LossCompute } from '../catalog/types';
import { OPTAX_LOSSES } from '../frameworks/optax';
import { PML_LOSSES } from '../frameworks/pml';

export function computedAs(spelling: string): LossCompute {
  const fw = [...OPTAX_LOSSES, ...PML_LOSSES].find((f) => f.name === spelling);
  if (!fw) throw new Error(`no framework spelling ${spelling}`);
  return (args, options, wantGrad) => fw.compute(args, options, wantGrad);
}
