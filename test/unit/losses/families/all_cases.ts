import type { Case } from './cases';
import { CLASSIFICATION_CASES } from './classification_cases';
import { METRIC_CASES } from './metric_cases';
import { RANKING_CASES } from './ranking_cases';
import { SEGMENTATION_CASES } from './segmentation_cases';
import { GENERATIVE_RL_CASES } from './generative_rl_cases';
import { PREFERENCE_CASES } from './preference_cases';
import { ROBUST_CASES } from './robust_cases';

export const CASES: Record<string, Case> = { ...ROBUST_CASES, ...PREFERENCE_CASES, ...GENERATIVE_RL_CASES, ...CLASSIFICATION_CASES, ...METRIC_CASES, ...RANKING_CASES, ...SEGMENTATION_CASES };
