/** The Ray Tune export, as far as this machine goes without Ray: it compiles in Debian's Python;
 *  its text has the grid over every axis and the report calls of each Ray generation; run with a
 *  stand-in `ray` that only records (ray_harness.py), it hands Tuner a grid_search on every axis,
 *  resources per trial and the storage path, and each grid point's trainable reports the per-step
 *  losses and final values of the PyTorch export. Ray itself is not run here. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeExport } from '../../../src/cli/export';
import { cmdSweepImport } from '../../../src/cli/sweepImport';
import type { SweepReport } from '../../../src/engine/train/report';
import { PYTHON, requirePython, runPython } from './python';

const dir = mkdtempSync(join(tmpdir(), 'losslab-export-ray-'));
const spec = join(dir, 'grid.losslab.json');
writeFileSync(spec, JSON.stringify({
  task: 'regression', dataset: { name: 'sine', n: 80, noise: 0.1, seed: 2 }, model: { hidden: [5], activation: 'tanh', dtype: 'float64' },
  losses: ['mse_loss', { name: 'smooth_l1_loss', options: { beta: 0.5 } }], optimizers: [{ name: 'sgd', lr: [0.05, 0.1], momentum: 0.5 }],
  steps: 6, seeds: [3], val_every: 2,
}));
let script = '';

before(async () => {
  requirePython('torch');
  script = (await writeExport(spec, 'ray'))[0]!;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the script compiles with Debian python3 (py_compile)', async () => {
  await runPython(['-m', 'py_compile', script], dir);
});

test('the script states a grid over every axis and the report call of each Ray generation', () => {
  const text = readFileSync(script, 'utf8');
  assert.match(text, /param_space = \{axis: tune\.grid_search\(PLAN\["axes"\]\[axis\]\) for axis in \("loss", "optimizer", "lr", "seed"\)\}/);
  assert.match(text, /tune\.Tuner\(trainable, param_space=param_space, run_config=run_config\)/);
  assert.match(text, /tune\.with_resources\(tune\.with_parameters\(train_run/);
  assert.match(text, /storage_path=args\.storage_path/);
  for (const call of [/tune\.report\(metrics\)/, /train\.report\(metrics\)/, /session\.report\(metrics\)/, /tune\.report\(\*\*metrics\)/]) assert.match(text, call);
  assert.equal(PYTHON, '/usr/bin/python3');
});

interface Harness {
  calls: { tuner: { trainable: unknown[]; param_space: Record<string, unknown> }; run_config: { name: string; storage_path: string }; best: string[] };
  trials: { config: Record<string, unknown>; reports: Record<string, number | null>[] }[];
}

for (const api of ['tune-dict', 'train'] as const) {
  test(`with a recording stand-in for ray (${api === 'train' ? 'ray.train.report' : 'ray.tune.report(metrics)'}): the grid, resources, storage and each trial's reports`, async () => {
    const [torchScript] = await writeExport(spec, 'pytorch');
    const torch = JSON.parse(await runPython([torchScript!, '--json'], dir)) as SweepReport;
    const out = JSON.parse(await runPython([join(__dirname, 'ray_harness.py'), script, join(dir, 'results'), api], dir)) as Harness;
    assert.deepEqual(out.calls.tuner.param_space, {
      loss: { grid_search: ['mse_loss', 'smooth_l1_loss {"beta":0.5}'] }, optimizer: { grid_search: ['sgd {"momentum":0.5}'] },
      lr: { grid_search: [0.05, 0.1] }, seed: { grid_search: [3] }, dtype: 'float64',
    });
    assert.deepEqual(out.calls.tuner.trainable, ['with_resources', 'with_parameters', ['data', 'weights'], { cpu: 1, gpu: 0 }]);
    assert.deepEqual(out.calls.run_config, { name: 'grid_ray', storage_path: join(dir, 'results') });
    assert.equal(out.trials.length, torch.runs.length);
    for (const trial of out.trials) {
      const run = torch.runs.find((r) => r.config.loss === String(trial.config.loss).split(' ')[0] && r.config.lr === trial.config.lr)!;
      const steps = trial.reports.filter((r) => 'loss' in r);
      assert.deepEqual(steps.map((r) => r.step), run.loss.map((_, i) => i));
      assert.deepEqual(steps.map((r) => r.loss), run.loss);
      assert.deepEqual(steps.filter((r) => 'val_loss' in r).map((r) => [r.step, r.val_loss]), run.val_loss);
      const final = trial.reports[trial.reports.length - 1]!;
      assert.equal(final.final_train_loss, run.final.train_loss);
      assert.equal(final.metric_r2, run.final.metric.r2);
      assert.equal(final.ok, 1);
    }
    if (api === 'tune-dict') await importBack(out, torch);
  });
}

/** The recorded reports laid out as Ray Tune writes an experiment (per trial params.json and
 *  result.json lines with Ray's own fields, from Ray's documentation; written here, not by Ray),
 *  read back with `losslab sweep-import`: the runs of the PyTorch export. */
async function importBack(out: Harness, torch: SweepReport): Promise<void> {
  const experiment = join(dir, 'results', 'grid_ray');
  out.trials.forEach((trial, i) => {
    const folder = join(experiment, `train_run_a1b2c_${String(i).padStart(5, '0')}_${i}_lr=${String(trial.config.lr)}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'params.json'), JSON.stringify(trial.config));
    writeFileSync(join(folder, 'result.json'), trial.reports.map((r, k) => JSON.stringify({
      ...r, timestamp: 1764600000 + k, time_this_iter_s: 0.01, done: false, training_iteration: k + 1, trial_id: `a1b2c_${i}`, date: '2026-12-01_21-40-00',
      pid: 4242, hostname: 'host', node_ip: '127.0.0.1', config: trial.config, time_since_restore: 0.01 * (k + 1), iterations_since_restore: k + 1,
    })).join('\n') + '\n');
  });
  let text = '';
  assert.equal(await cmdSweepImport([experiment, '--json'], (s) => (text += s), () => undefined), 0);
  const imported = JSON.parse(text) as SweepReport;
  assert.equal(imported.runs.length, torch.runs.length);
  for (const r of imported.runs) {
    const t = torch.runs.find((x) => JSON.stringify(x.config) === JSON.stringify(r.config));
    assert.ok(t, `no PyTorch run with config ${JSON.stringify(r.config)}`);
    assert.deepEqual({ ...r, ms: 0 }, { ...t, ms: 0 });
  }
}
