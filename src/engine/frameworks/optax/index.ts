/** Every optax.losses spelling (optax 0.2.8), each with optax's own semantics. */
import type { FrameworkLoss } from '../types';
import { OPTAX_CLASSIFICATION } from './classification';
import { OPTAX_CTC } from './ctc';
import { OPTAX_KL } from './kl';
import { OPTAX_RANKING } from './ranking';
import { OPTAX_REGRESSION } from './regression';
import { OPTAX_SEGMENTATION } from './segmentation';
import { OPTAX_SELF_SUPERVISED } from './self_supervised';
import { OPTAX_SOFTMAX } from './softmax';

export const OPTAX_LOSSES: readonly FrameworkLoss[] = [
  ...OPTAX_REGRESSION,
  ...OPTAX_CLASSIFICATION,
  ...OPTAX_SOFTMAX,
  ...OPTAX_KL,
  OPTAX_CTC,
  ...OPTAX_SELF_SUPERVISED,
  ...OPTAX_SEGMENTATION,
  OPTAX_RANKING,
];
