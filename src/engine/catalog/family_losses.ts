/** The family losses (robust regression, metric learning, ranking, generative, preference, RL,
 *  segmentation and classification extras), one array spread into LOSSES. */
import type { LossSpec } from './types';
import { ROBUST_LOSSES } from '../losses/families/robust';
import { PREFERENCE_LOSSES } from '../losses/families/preference';

export const FAMILY_LOSSES: readonly LossSpec[] = [...ROBUST_LOSSES, ...PREFERENCE_LOSSES];
