import type { RuleId } from './model';

/** The catalog pitfall each diagnostic rule reports (the catalog states the pitfall once; the rule
 *  is how it is detected in code). */
export const PITFALL_OF_RULE: Readonly<Record<RuleId, string>> = {
  'softmax-before-cross-entropy': 'softmax-before-cross-entropy',
  'sigmoid-before-bce-with-logits': 'bce-on-logits',
  'bce-on-logits': 'bce-on-logits',
  'nll-on-logits-or-probabilities': 'nll-on-logits-or-probabilities',
  'mse-for-classification': 'mse-for-classification',
  'keras-from-logits': 'bce-on-logits',
};

export const RULE_IDS = Object.keys(PITFALL_OF_RULE) as RuleId[];
