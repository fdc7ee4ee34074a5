/** optax.losses KL divergences: summed (not averaged) over `axis`, restricted to `where`. */
import type { LossResult } from '../../catalog/types';
import { Tensor } from '../../tensor';
import { arg, defineFrameworkLoss, option, type FrameworkOptions } from '../define';
import type { FrameworkLoss } from '../types';
import { broadcastPair, canonicalAxes, groupBy, maskAt, readAt, requireFloating, sumTo } from './arrays';

type Term = (logPrediction: number, target: number) => readonly [number, number];

/** Σ over axis (where) of term(log_predictions, second), with the gradient for log_predictions. */
function reduceTerms(name: string, secondName: string, args: Readonly<Record<string, Tensor>>, o: FrameworkOptions, term: Term, wantGrad: boolean): LossResult {
  const lp = args['log_predictions']!;
  const t = args[secondName]!;
  requireFloating(name, 'log_predictions', lp);
  requireFloating(name, secondName, t);
  const shape = broadcastPair(name, 'sub', t.shape, lp.shape);
  const { outShape, groupOf, groups } = groupBy(shape, canonicalAxes(name, o.raw('axis'), shape.length));
  const mask = maskAt(name, args['where'], shape);
  const x = readAt(lp, shape);
  const y = readAt(t, shape);
  const out = new Float64Array(groups);
  const g = wantGrad ? new Float64Array(x.length) : null;
  for (let i = 0; i < x.length; i++) {
    if (mask && !mask[i]) continue;
    const [v, d] = term(x[i]!, y[i]!);
    out[groupOf[i]!]! += v;
    if (g) g[i] = d;
  }
  return { value: new Tensor(outShape, out), grad: g ? { log_predictions: sumTo(g, shape, lp.shape) } : {} };
}

const klTerm: Term = (x, t) => [t * ((t === 0 ? 0 : Math.log(t)) - x), -t];
const generalizedTerm: Term = (x, t) => {
  const e = Math.exp(x);
  return [t * ((t === 0 ? 0 : Math.log(t)) - x) + (e - t), -t + e];
};

const LOG_PREDICTIONS = arg('log_predictions', true, 'Log-probabilities of the prediction.');
const WHERE = arg('where', false, 'Which elements take part in the sum (int 0/1 mask).', true);
const AXIS = option('axis', 'integer', -1, 'The axis (list of axes, or None for all) summed over.');

function kl(name: string, lossId: string, second: 'targets' | 'log_targets', term: Term, differences: string): FrameworkLoss {
  return defineFrameworkLoss({
    name, framework: 'jax', kind: 'functional', lossId,
    args: [LOG_PREDICTIONS, arg(second, false, second === 'targets' ? 'Target probabilities.' : 'Target log-probabilities.'), WHERE],
    options: [AXIS],
    differences,
    run: (args, o, wantGrad) => reduceTerms(name, second, args, o, term, wantGrad),
  });
}

const GENERALIZED = 'KL(targets ‖ exp(log_predictions)) plus Σ(exp(log_predictions) − targets): the divergence between unnormalised measures, summed over `axis` (no batch mean); 0·log 0 = 0.';

export const OPTAX_KL: readonly FrameworkLoss[] = [
  kl('optax.losses.kl_divergence', 'kl_div', 'targets', klTerm,
    "Arguments as PyTorch's kl_div (log-predictions, then probabilities) but summed over `axis` (the last by default) per example — no batchmean; targets equal to 0 contribute 0."),
  kl('optax.losses.kl_divergence_with_log_targets', 'kl_div', 'log_targets', (x, lt) => [Math.exp(lt) * (lt - x), -Math.exp(lt)],
    "PyTorch's kl_div with log_target=True, summed over `axis` (the last by default) per example — no batchmean."),
  kl('optax.losses.generalized_kl_divergence', 'generalized_kl_divergence', 'targets', generalizedTerm, GENERALIZED),
  kl('optax.losses.convex_kl_divergence', 'generalized_kl_divergence', 'targets', generalizedTerm, `Deprecated alias of generalized_kl_divergence: ${GENERALIZED}`),
];
