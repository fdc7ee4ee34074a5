/** Keras' losses that are an elementwise term averaged over the last axis (or `axis`): the
 *  regression losses, poisson, kl_divergence, the hinges and the binary cross-entropies. */
import { LossError } from '../../errors';
import { Tensor, sameShape, formatShape } from '../../tensor';
import { logSigmoid, sigmoid, softplus } from '../../losses/common';
import { EPS, absGrad, bool, clip, clipGrad, mapData, maxGrad, num, reduceElementwise, type ElementKernel, type KerasOutput, type KwArgs } from './function_kit';

const LOG2 = Math.log(2);

export function meanSquaredError(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise('keras.losses.mean_squared_error', yTrue, yPred, (t, p, s) => {
    const d = t - p;
    s.g = -2 * d;
    return d * d;
  });
}

export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise('keras.losses.mean_absolute_error', yTrue, yPred, (t, p, s) => {
    const d = t - p;
    s.g = -absGrad(d);
    return Math.abs(d);
  });
}

export function meanAbsolutePercentageError(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise('keras.losses.mean_absolute_percentage_error', yTrue, yPred, (t, p, s) => {
    const m = Math.max(Math.abs(t), EPS);
    const d = (t - p) / m;
    s.g = (-100 * absGrad(d)) / m;
    return 100 * Math.abs(d);
  });
}

export function meanSquaredLogarithmicError(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise('keras.losses.mean_squared_logarithmic_error', yTrue, yPred, (t, p, s) => {
    const a = Math.max(p, EPS);
    const d = Math.log(a + 1) - Math.log(Math.max(t, EPS) + 1);
    s.g = ((2 * d) / (a + 1)) * maxGrad(p, EPS);
    return d * d;
  });
}

export function huber(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const delta = num('keras.losses.huber', kw, 'delta');
  return reduceElementwise('keras.losses.huber', yTrue, yPred, (t, p, s) => {
    const e = p - t;
    const a = Math.abs(e);
    if (a <= delta) {
      s.g = e;
      return 0.5 * e * e;
    }
    s.g = delta * absGrad(e);
    return delta * a - 0.5 * delta * delta;
  });
}

export function logCosh(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise('keras.losses.log_cosh', yTrue, yPred, (t, p, s) => {
    const x = p - t;
    s.g = 1 - 2 * sigmoid(-2 * x);
    return x + softplus(-2 * x) - LOG2;
  });
}

export function poisson(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise('keras.losses.poisson', yTrue, yPred, (t, p, s) => {
    s.g = 1 - t / (p + EPS);
    return p - t * Math.log(p + EPS);
  });
}

export function klDivergence(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise(
    'keras.losses.kl_divergence',
    yTrue,
    yPred,
    (t, p, s) => {
      const tc = clip(t, EPS, 1);
      const pc = clip(p, EPS, 1);
      s.g = (-tc / pc) * clipGrad(p, EPS, 1);
      return tc * Math.log(tc / pc);
    },
    'sum',
  );
}

/** Keras' convert_binary_labels_to_hinge: 0/1 labels become −1/+1, any other labels stay. */
function hingeLabels(yTrue: Tensor): Tensor {
  return yTrue.data.every((v) => v === 0 || v === 1) ? mapData(yTrue, (v) => 2 * v - 1) : yTrue;
}

export function hinge(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise('keras.losses.hinge', hingeLabels(yTrue), yPred, (t, p, s) => {
    const m = 1 - t * p;
    s.g = -t * maxGrad(m, 0);
    return Math.max(m, 0);
  });
}

export function squaredHinge(yTrue: Tensor, yPred: Tensor): KerasOutput {
  return reduceElementwise('keras.losses.squared_hinge', hingeLabels(yTrue), yPred, (t, p, s) => {
    const m = 1 - t * p;
    const h = Math.max(m, 0);
    s.g = 2 * h * -t * maxGrad(m, 0);
    return h * h;
  });
}

/** The jax backend's binary_crossentropy requires equal shapes (no broadcasting). */
function requireEqualShapes(loss: string, yTrue: Tensor, yPred: Tensor): void {
  if (!sameShape(yTrue.shape, yPred.shape)) {
    throw new LossError(loss, 'y_pred', `Arguments \`target\` and \`output\` must have the same shape. Received: target.shape=${formatShape(yTrue.shape)}, output.shape=${formatShape(yPred.shape)}`);
  }
}

function smoothBinary(yTrue: Tensor, ls: number): Tensor {
  return ls ? mapData(yTrue, (v) => v * (1 - ls) + 0.5 * ls) : yTrue;
}

/** Clipped-probability binary cross-entropy and its derivative in p (before the clip). */
function bceOnProbability(t: number, p: number, s: { g: number }): number {
  const c = clip(p, EPS, 1 - EPS);
  s.g = clipGrad(p, EPS, 1 - EPS) * (-t / c + (1 - t) / (1 - c));
  return -(t * Math.log(c) + (1 - t) * Math.log(1 - c));
}

export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.binary_crossentropy';
  requireEqualShapes(loss, yTrue, yPred);
  const fromLogits = bool(loss, kw, 'from_logits');
  const kernel: ElementKernel = fromLogits
    ? (t, x, s) => {
        s.g = sigmoid(x) - t;
        return -t * logSigmoid(x) - (1 - t) * logSigmoid(-x);
      }
    : bceOnProbability;
  return reduceElementwise(loss, smoothBinary(yTrue, num(loss, kw, 'label_smoothing')), yPred, kernel, 'mean', kw['axis']);
}

export function binaryFocalCrossentropy(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.binary_focal_crossentropy';
  requireEqualShapes(loss, yTrue, yPred);
  const fromLogits = bool(loss, kw, 'from_logits');
  const balancing = bool(loss, kw, 'apply_class_balancing');
  const alpha = num(loss, kw, 'alpha');
  const gamma = num(loss, kw, 'gamma');
  const inner = { g: 0 };
  const kernel: ElementKernel = (t, x, s) => {
    const p = fromLogits ? sigmoid(x) : x;
    const bce = bceOnProbability(t, p, inner);
    const q = 1 - (t * p + (1 - t) * (1 - p));
    const factor = Math.pow(q, gamma);
    const weight = balancing ? t * alpha + (1 - t) * (1 - alpha) : 1;
    const dFactor = gamma === 0 ? 0 : gamma * Math.pow(q, gamma - 1) * (1 - 2 * t);
    const dp = weight * (dFactor * bce + factor * inner.g);
    s.g = fromLogits ? dp * p * (1 - p) : dp;
    return weight * factor * bce;
  };
  return reduceElementwise(loss, smoothBinary(yTrue, num(loss, kw, 'label_smoothing')), yPred, kernel, 'mean', kw['axis']);
}
