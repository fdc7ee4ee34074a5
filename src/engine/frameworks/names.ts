/** One name per object: re-exports and module paths that name the same loss, reduced to one
 *  canonical spelling. The catalog compares its spellings with it and analysis resolves what a
 *  file writes with it, so `optax.losses.huber_loss` and `optax.huber_loss` are one spelling. */

/** Re-exports that name the same object; applied to catalog spellings and to resolved names alike. */
const CANONICAL_PREFIXES: readonly (readonly [string, string])[] = [
  // Catalog spellings written as TensorFlow's docs write them (`tf.nn.ctc_loss`).
  ['tf.', 'tensorflow.'],
  ['tensorflow.losses.', 'keras.losses.'],
  ['tensorflow.keras.', 'keras.'],
  ['tensorflow.python.keras.', 'keras.'],
  ['keras.src.losses.', 'keras.losses.'],
  ['keras.api.losses.', 'keras.losses.'],
  ['torch.nn.modules.loss.', 'torch.nn.'],
  ['torch.nn.modules.activation.', 'torch.nn.'],
  ['torch.nn.modules.linear.', 'torch.nn.'],
  ['torch.nn.modules.', 'torch.nn.'],
  ['optax.losses.', 'optax.'],
  ['torchvision.ops.focal_loss.', 'torchvision.ops.'],
];

export function canonicalName(qualified: string): string {
  for (const [prefix, replacement] of CANONICAL_PREFIXES) {
    if (qualified.startsWith(prefix)) return canonicalName(replacement + qualified.slice(prefix.length));
  }
  if (qualified === 'tensorflow.keras') return 'keras';
  return qualified;
}
