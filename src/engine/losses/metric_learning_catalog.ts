/** Catalog text shared by the metric-learning losses that follow pytorch-metric-learning. */
import type { Pitfall, TensorArgSpec } from '../catalog/types';

export const EMBEDDING_ARGS: readonly TensorArgSpec[] = [
  { name: 'embeddings', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'One embedding per sample; L2-normalised inside.' },
  { name: 'labels', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class labels: equal labels make positive pairs, different labels negative pairs.' },
];

export const BATCH_COMPOSITION: Pitfall = {
  id: 'metric-batch-composition',
  title: 'Batches need several samples per class',
  detail: 'Pairs come from the labels inside the batch: with random batches over many classes most samples have no positive, and those anchors contribute nothing. Sample P classes × K instances per batch (MPerClassSampler).',
};

export const NORMALISED_EMBEDDINGS: Pitfall = {
  id: 'metric-normalised-embeddings',
  title: 'Embeddings are L2-normalised inside',
  detail: 'Only directions matter: the norm of an embedding carries no gradient towards the loss, and margins are on the unit sphere (distances in [0, 2], cosines in [−1, 1]). Choose margins on that scale.',
};
