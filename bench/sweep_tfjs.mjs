// TensorFlow.js (tfjs-core with tfjs-backend-cpu or tfjs-backend-wasm) side of bench/sweep.ts: the
// same sweep loop. bench/sweep.ts bundles it with esbuild (tfjs-core's gradient registry is
// extensionless ESM that Node cannot load directly), then runs:
//   node sweep_tfjs.js SPEC.json CSV cpu|wasm [WASM_DIR]  -> one JSON object on stdout like sweep_torch.py's.
// WASM_DIR is tfjs-backend-wasm's dist/ folder, where its .wasm files are read from.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

const [specPath, csvPath, backend = 'cpu', wasmDir] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
// The bench writes a plain numeric CSV (no quoting), so splitting on commas is enough here.
const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
const header = lines[0].split(',');
const fi = spec.dataset.features.map((f) => header.indexOf(f));
const ti = header.indexOf(spec.dataset.target);
const rows = lines.slice(1).map((l) => l.split(',').map(Number));
if (backend === 'wasm') setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend ${backend} did not start`);
tf.env().set('DEBUG', false);
const X = tf.tensor2d(rows.map((r) => fi.map((i) => r[i])));
const Y = tf.tensor1d(rows.map((r) => r[ti]));

const softplus = (v) => tf.softplus(v);
const LOSSES = {
  binary_cross_entropy_with_logits: (z, y) => tf.mean(tf.sub(tf.add(tf.relu(z), softplus(tf.neg(tf.abs(z)))), tf.mul(z, y))),
  mse_loss: (z, y) => tf.mean(tf.square(tf.sub(tf.sigmoid(z), y))),
  sigmoid_focal_loss: (z, y) => {
    const p = tf.sigmoid(z);
    const ce = tf.sub(tf.add(tf.relu(z), softplus(tf.neg(tf.abs(z)))), tf.mul(z, y));
    const pt = tf.add(tf.mul(p, y), tf.mul(tf.sub(1, p), tf.sub(1, y)));
    const at = tf.add(tf.mul(0.25, y), tf.mul(0.75, tf.sub(1, y)));
    return tf.mean(tf.mul(at, tf.mul(ce, tf.square(tf.sub(1, pt)))));
  },
  soft_margin_loss: (z, y) => tf.mean(softplus(tf.neg(tf.mul(z, tf.sub(tf.mul(2, y), 1))))),
};

/** Seeded Xavier-uniform weights, zero biases. */
function model(seed) {
  const sizes = [fi.length, ...spec.model.hidden, 1];
  const vars = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const bound = Math.sqrt(6 / (sizes[i] + sizes[i + 1]));
    vars.push(tf.variable(tf.randomUniform([sizes[i], sizes[i + 1]], -bound, bound, 'float32', seed * 100 + i)));
    vars.push(tf.variable(tf.zeros([sizes[i + 1]])));
  }
  return vars;
}

function forward(vars, x) {
  let h = x;
  for (let i = 0; i < vars.length; i += 2) {
    h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
    if (i + 2 < vars.length) h = tf.tanh(h);
  }
  return tf.reshape(h, [-1]);
}

const runs = [];
const started = performance.now();
for (const lossName of spec.losses) {
  const lossFn = LOSSES[lossName];
  for (const opt of spec.optimizers) {
    for (const lr of opt.lr) {
      for (const seed of spec.seeds) {
        const t0 = performance.now();
        const vars = model(seed);
        const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8);
        const n = rows.length;
        const bs = spec.batch_size ?? n;
        let order = [];
        let cursor = n;
        for (let s = 0; s < spec.steps; s++) {
          let xb = X;
          let yb = Y;
          if (bs < n) {
            if (cursor >= n) {
              order = tf.util.createShuffledIndices(n);
              cursor = 0;
            }
            const idx = tf.tensor1d(Array.from(order.slice(cursor, cursor + bs)), 'int32');
            cursor += bs;
            xb = tf.gather(X, idx);
            yb = tf.gather(Y, idx);
            idx.dispose();
          }
          const cost = optimizer.minimize(() => lossFn(forward(vars, xb), yb), true, vars);
          if (xb !== X) {
            xb.dispose();
            yb.dispose();
          }
          cost.dataSync();
          cost.dispose();
        }
        const final = tf.tidy(() => lossFn(forward(vars, X), Y)).dataSync()[0];
        optimizer.dispose();
        vars.forEach((v) => v.dispose());
        runs.push({ config: { loss: lossName, optimizer: opt.name, lr, seed }, final_train_loss: final, ms: performance.now() - t0 });
      }
    }
  }
}
process.stdout.write(JSON.stringify({ runs, elapsed_ms: performance.now() - started, tfjs: tf.version_core, backend: tf.getBackend() }) + '\n');
