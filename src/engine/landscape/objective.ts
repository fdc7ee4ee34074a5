/** What the landscape code needs from a model: a flat parameter vector described block by block,
 *  and the loss (with its gradient) at any parameter vector. The trainer's Objective satisfies it
 *  structurally. */
export interface ParameterBlock {
  /** Start of the block in the flat vector. */
  offset: number;
  /** Row-major shape; for a weight matrix the first dimension indexes filters (output units). */
  shape: readonly number[];
  /** Biases (and any 1-D parameter) get a zero direction under filter normalisation. */
  isBias: boolean;
}

export interface LandscapeObjective {
  readonly size: number;
  readonly layers: readonly ParameterBlock[];
  lossAndGrad(params: Float64Array): { loss: number; grad: Float64Array };
  /** Loss only; when absent, lossAndGrad is used and the gradient thrown away. */
  loss?(params: Float64Array): number;
}

export function lossAt(objective: LandscapeObjective, params: Float64Array): number {
  return objective.loss ? objective.loss(params) : objective.lossAndGrad(params).loss;
}
