/** The catalog entries added for the Keras and scikit-learn spellings (their losses and metrics). */
import type { LossSpec } from './types';
import { spec as logCoshLoss } from '../losses/log_cosh_loss';
import { spec as meanAbsolutePercentageError } from '../losses/mean_absolute_percentage_error';
import { spec as meanSquaredLogError } from '../losses/mean_squared_log_error';
import { spec as hingeLoss } from '../losses/hinge_loss';
import { spec as squaredHingeLoss } from '../losses/squared_hinge_loss';
import { spec as categoricalHingeLoss } from '../losses/categorical_hinge_loss';
import { spec as cosineSimilarityLoss } from '../losses/cosine_similarity_loss';
import { spec as diceLoss } from '../losses/dice_loss';
import { spec as tverskyLoss } from '../losses/tversky_loss';
import { spec as circleLoss } from '../losses/circle_loss';
import { spec as categoricalFocalLoss } from '../losses/categorical_focal_loss';
import { spec as generalizedCrossEntropy } from '../losses/generalized_cross_entropy';
import { spec as quantileLoss } from '../losses/quantile_loss';
import { spec as tweedieDeviance } from '../losses/tweedie_deviance';
import { spec as poissonDeviance } from '../losses/poisson_deviance';
import { spec as gammaDeviance } from '../losses/gamma_deviance';
import { spec as brierScore } from '../losses/brier_score';
import { spec as zeroOneLoss } from '../losses/zero_one_loss';
import { spec as hammingLoss } from '../losses/hamming_loss';
import { spec as labelRankingLoss } from '../losses/label_ranking_loss';
import { spec as coverageError } from '../losses/coverage_error';
import { spec as medianAbsoluteError } from '../losses/median_absolute_error';
import { spec as maxError } from '../losses/max_error';

export const KERAS_SKLEARN_LOSSES: readonly LossSpec[] = [
  logCoshLoss,
  meanAbsolutePercentageError,
  meanSquaredLogError,
  hingeLoss,
  squaredHingeLoss,
  categoricalHingeLoss,
  cosineSimilarityLoss,
  diceLoss,
  tverskyLoss,
  circleLoss,
  categoricalFocalLoss,
  generalizedCrossEntropy,
  quantileLoss,
  tweedieDeviance,
  poissonDeviance,
  gammaDeviance,
  brierScore,
  zeroOneLoss,
  hammingLoss,
  labelRankingLoss,
  coverageError,
  medianAbsoluteError,
  maxError,
];
