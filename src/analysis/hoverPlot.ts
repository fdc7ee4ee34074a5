import type { LossSpec, OptionValue } from '../engine/catalog/types';
import { Tensor } from '../engine/tensor';

export interface LossCurve {
  /** What the x axis is: the prediction, with the target held fixed. */
  xLabel: string;
  predictions: number[];
  loss: number[];
  gradient: number[];
}

const POINTS = 61;

/** The prediction range and target that show an elementwise loss's shape, from what it expects. */
function setting(loss: LossSpec): { from: number; to: number; target: number; xLabel: string } | undefined {
  const [input, target] = loss.args;
  if (!input || !target || loss.args.some((a, i) => i > 1 && !a.optional)) return undefined;
  const { prediction, target: targetKind } = loss.expects;
  if (targetKind === 'values' && prediction === 'values') return { from: -3, to: 3, target: 0, xLabel: 'prediction (target 0)' };
  if (targetKind === 'binary' && prediction === 'logits') return { from: -6, to: 6, target: 1, xLabel: 'logit (target 1)' };
  if (targetKind === 'binary' && prediction === 'probabilities') return { from: 0.01, to: 0.99, target: 1, xLabel: 'probability (target 1)' };
  if (targetKind === 'plus_minus_one' && prediction === 'scores') return { from: -3, to: 3, target: 1, xLabel: 'score (target +1)' };
  return undefined;
}

/** The loss and its gradient against the prediction, computed by the catalog loss with the user's
 *  options (reduction forced to 'none'); undefined for losses without an elementwise picture. */
export function lossCurve(loss: LossSpec, options: Readonly<Record<string, OptionValue>>): LossCurve | undefined {
  const at = setting(loss);
  const [input, target] = loss.args;
  if (!at || !input || !target) return undefined;
  const predictions = Array.from({ length: POINTS }, (_, i) => at.from + ((at.to - at.from) * i) / (POINTS - 1));
  const known = Object.fromEntries(Object.entries(options).filter(([name]) => loss.options.some((o) => o.name === name)));
  try {
    const result = loss.compute(
      { [input.name]: Tensor.from([POINTS], predictions), [target.name]: Tensor.full([POINTS], at.target) },
      { ...known, reduction: 'none' },
      true,
    );
    const gradient = result.grad[input.name];
    if (!gradient) return undefined;
    const values = Array.from(result.value.data);
    const slopes = Array.from(gradient.data);
    if (values.length !== POINTS || slopes.length !== POINTS || ![...values, ...slopes].every(Number.isFinite)) return undefined;
    return { xLabel: at.xLabel, predictions, loss: values, gradient: slopes };
  } catch {
    return undefined;
  }
}

const WIDTH = 260;
const HEIGHT = 90;

function polyline(xs: number[], ys: number[], color: string, dashed: boolean): string {
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  let [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  if (yMax - yMin < 1e-12) [yMin, yMax] = [yMin - 1, yMax + 1];
  const points = xs
    .map((x, i) => `${(((x - xMin) / (xMax - xMin)) * (WIDTH - 10) + 5).toFixed(1)},${(HEIGHT - 18 - (((ys[i] ?? 0) - yMin) / (yMax - yMin)) * (HEIGHT - 28)).toFixed(1)}`)
    .join(' ');
  return `<polyline fill="none" stroke="${color}" stroke-width="1.5"${dashed ? ' stroke-dasharray="4 3"' : ''} points="${points}"/>`;
}

/** A small SVG of the curve (loss solid, gradient dashed, each scaled to its own range). */
export function curveSvg(curve: LossCurve): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    polyline(curve.predictions, curve.loss, '#3b82f6', false),
    polyline(curve.predictions, curve.gradient, '#f59e0b', true),
    `<text x="5" y="${HEIGHT - 3}" font-family="sans-serif" font-size="10" fill="#888">${curve.xLabel}: loss (solid), gradient (dashed)</text>`,
    '</svg>',
  ].join('');
}

/** Markdown image of the curve as a data URI, for hovers. */
export function curveImage(curve: LossCurve): string {
  // The SVG is ASCII, so btoa (in Node and browsers alike) encodes it as is.
  const base64 = btoa(curveSvg(curve));
  return `![loss and gradient against the prediction](data:image/svg+xml;base64,${base64})`;
}
