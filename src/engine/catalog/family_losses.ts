/** The family losses (robust regression, metric learning, ranking, generative, preference, RL,
 *  segmentation and classification extras), one array spread into LOSSES. */
import type { LossSpec } from './types';
import { ROBUST_LOSSES } from '../losses/families/robust';
import { PREFERENCE_LOSSES } from '../losses/families/preference';
import { GENERATIVE_LOSSES } from '../losses/families/generative';
import { RL_LOSSES } from '../losses/families/rl';
import { CLASSIFICATION_LOSSES } from '../losses/families/classification';
import { METRIC_LOSSES } from '../losses/families/metric';
import { RANKING_LOSSES } from '../losses/families/ranking';
import { SEGMENTATION_LOSSES } from '../losses/families/segmentation';

export const FAMILY_LOSSES: readonly LossSpec[] = [...ROBUST_LOSSES, ...PREFERENCE_LOSSES, ...GENERATIVE_LOSSES, ...RL_LOSSES, ...CLASSIFICATION_LOSSES, ...METRIC_LOSSES, ...RANKING_LOSSES, ...SEGMENTATION_LOSSES];
