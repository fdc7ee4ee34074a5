// Python snippets for defining a loss of one's own, written to out/snippets/python.json, which
// package.json contributes. The snippets that call a catalog loss are not here: the completion
// provider offers them (src/analysis/snippets.ts) with the range of the name being typed, so that
// `nn.BCEWith` becomes the call rather than `nn.` + the call.
// Usage: node scripts/gen-snippets.mjs   (also run by scripts/build.mjs)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

export function snippetsFrom() {
  const snippets = {};
  snippets['Loss Lab: custom PyTorch loss module'] = {
    prefix: ['loss-define-torch'],
    body: [
      'class ${1:My}Loss(nn.Module):',
      '    def __init__(self, reduction: str = "mean"):',
      '        super().__init__()',
      '        self.reduction = reduction',
      '',
      '    def forward(self, input, target):',
      '        loss = ${2:(input - target).abs()}',
      '        return loss.mean() if self.reduction == "mean" else loss.sum() if self.reduction == "sum" else loss',
    ],
    description: 'An nn.Module loss with PyTorch-style reduction (Loss Lab)',
  };
  snippets['Loss Lab: custom Keras loss'] = {
    prefix: ['loss-define-keras'],
    body: [
      'class ${1:My}Loss(keras.losses.Loss):',
      '    def call(self, y_true, y_pred):',
      '        return ${2:tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)}',
    ],
    description: 'A keras.losses.Loss subclass (Loss Lab)',
  };
  snippets['Loss Lab: JAX loss and gradient'] = {
    prefix: ['loss-define-jax'],
    body: [
      'def ${1:loss_fn}(params, batch):',
      '    inputs, labels = batch',
      '    logits = ${2:model.apply}(params, inputs)',
      '    return ${3:optax.softmax_cross_entropy_with_integer_labels}(logits, labels).mean()',
      '',
      'loss, grads = jax.value_and_grad(${1:loss_fn})(params, batch)',
    ],
    description: 'A JAX loss function and its value_and_grad (Loss Lab)',
  };
  return snippets;
}

export async function generateSnippets(outFile = join(REPO, 'out', 'snippets', 'python.json')) {
  const snippets = snippetsFrom();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(snippets, null, 2) + '\n');
  return Object.keys(snippets).length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`snippets: ${await generateSnippets()} written`);
}
