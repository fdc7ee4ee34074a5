/** The catalog entries that the optax, torchvision.ops and pytorch-metric-learning spellings need
 *  and PyTorch lacks. */
import type { LossSpec } from './types';
import { spec as generalizedBoxIou } from '../losses/generalized_box_iou_loss';
import { spec as distanceBoxIou } from '../losses/distance_box_iou_loss';
import { spec as completeBoxIou } from '../losses/complete_box_iou_loss';
import { spec as perceptron } from '../losses/perceptron_loss';
import { spec as multiclassPerceptron } from '../losses/multiclass_perceptron_loss';
import { spec as sparsemax } from '../losses/sparsemax_loss';
import { spec as multiclassSparsemax } from '../losses/multiclass_sparsemax_loss';
import { spec as poly1 } from '../losses/poly1_cross_entropy';
import { spec as generalizedKl } from '../losses/generalized_kl_divergence';
import { spec as ntxent } from '../losses/ntxent_loss';
import { spec as contrastive } from '../losses/contrastive_loss';
import { spec as multiSimilarity } from '../losses/multi_similarity_loss';
import { spec as supcon } from '../losses/supcon_loss';
import { spec as arcface } from '../losses/arcface_loss';
import { spec as rankingSoftmax } from '../losses/ranking_softmax_loss';
import { spec as generalizedDice } from '../losses/generalized_dice_loss';

export const OPTAX_TV_PML_LOSSES: readonly LossSpec[] = [
  generalizedBoxIou, distanceBoxIou, completeBoxIou,
  perceptron, multiclassPerceptron, sparsemax, multiclassSparsemax, poly1, generalizedKl,
  ntxent, contrastive, multiSimilarity, supcon, arcface, rankingSoftmax, generalizedDice,
];
