// Python snippets for defining and using losses, generated from the catalog (the single source of
// loss names and options) into out/snippets/python.json, which package.json contributes.
// Usage: node scripts/gen-snippets.mjs   (also run by scripts/build.mjs)
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The catalog, bundled on the fly so this plain-Node script can read the TypeScript source. */
async function loadCatalog() {
  const bundled = await esbuild.build({
    entryPoints: [join(REPO, 'src/engine/catalog/index.ts')],
    bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

/** How each framework's spellings are usually written after the usual imports. */
function written(name) {
  return name
    .replace(/^torch\.nn\.functional\./, 'F.')
    .replace(/^torch\.nn\./, 'nn.')
    .replace(/^tensorflow\./, 'tf.')
    .replace(/^sklearn\.metrics\./, '');
}

function pythonLiteral(value) {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

/** Options a user usually sets (not deprecated, not tensors), as tab stops with their defaults. */
function optionStops(loss, spelling, first) {
  const theirs = new Map(Object.entries(spelling.argMap ?? {}).map(([their, ours]) => [ours, their]));
  const exact = spelling.framework === 'pytorch' || spelling.framework === 'torchvision';
  return loss.options
    .filter((o) => !/^deprecated/i.test(o.meaning) && o.type !== 'tensor' && o.type !== 'callable' && (exact || theirs.has(o.name)))
    .map((o, i) => `${theirs.get(o.name) ?? o.name}=\${${first + i}:${pythonLiteral(o.default).replace(/[$}\\]/g, '\\$&')}}`);
}

export function snippetsFrom(losses) {
  const snippets = {};
  for (const loss of losses) {
    for (const spelling of loss.spellings) {
      if (spelling.kind === 'string') continue;
      const call = written(spelling.name);
      const last = call.split('.').pop();
      const key = `${loss.title} — ${spelling.name}`;
      if (spelling.kind === 'module') {
        const stops = optionStops(loss, spelling, 2);
        snippets[key] = {
          prefix: [`loss-${last}`, last],
          body: [`\${1:criterion} = ${call}(${stops.join(', ')})`],
          description: `${loss.summary} (Loss Lab)`,
        };
      } else {
        // Their own argument names, in their positional order, where the spelling maps them.
        const mapped = Object.keys(spelling.argMap ?? {}).slice(0, 2);
        const [input, target] = mapped.length === 2 ? mapped : loss.args.slice(0, 2).map((a) => a.name);
        const stops = optionStops(loss, spelling, 4);
        snippets[key] = {
          prefix: [`loss-${last}`, last],
          body: [`\${1:loss} = ${call}(\${2:${input}}, \${3:${target}}${stops.map((s) => `, ${s}`).join('')})`],
          description: `${loss.summary} (Loss Lab)`,
        };
      }
    }
  }
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
  const { LOSSES } = await loadCatalog();
  const snippets = snippetsFrom(LOSSES);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(snippets, null, 2) + '\n');
  return Object.keys(snippets).length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`snippets: ${await generateSnippets()} written`);
}
