import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecError, SpecErrors, checkSpec, expandRuns, parseSpec } from '../../../src/engine/train/spec';
import { sweepJobs, specDataset } from '../../../src/engine/train/sweep';

const ISSUE_SPEC = {
  task: 'binary',
  dataset: { name: 'moons', n: 1000, noise: 0.2, seed: 0 },
  model: { hidden: [16, 16], activation: 'tanh' },
  losses: ['binary_cross_entropy_with_logits', 'mse_loss', 'sigmoid_focal_loss', 'soft_margin_loss'],
  optimizers: [{ name: 'adam', lr: [0.003, 0.01, 0.03] }],
  steps: 300,
  batch_size: null,
  seeds: [0, 1],
};

test("the issue's spec parses into 4 losses × 3 lrs × 2 seeds = 24 runs in a fixed order", () => {
  const spec = parseSpec(ISSUE_SPEC);
  const runs = expandRuns(spec);
  assert.equal(runs.length, 24);
  assert.deepEqual(runs[0], { loss: 'binary_cross_entropy_with_logits', loss_options: {}, optimizer: 'adam', lr: 0.003, optimizer_options: {}, seed: 0 });
  assert.deepEqual(runs.slice(0, 3).map((r) => [r.lr, r.seed]), [[0.003, 0], [0.003, 1], [0.01, 0]]);
  assert.equal(runs[23]!.loss, 'soft_margin_loss');
  assert.equal(spec.batch_size, null);
  assert.equal(spec.val_fraction, 0.2);
});

test('extensions: loss objects with options, CSV data, schedules, several optimisers with options', () => {
  const spec = parseSpec({
    task: 'regression',
    dataset: { csv: 'data.csv', features: ['x1', 'x2'], target: 'y' },
    losses: ['mse_loss', { name: 'huber_loss', options: { delta: 0.5 } }],
    optimizers: [{ name: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true }, { name: 'adamw', betas: [0.8, 0.9] }],
    schedule: { name: 'cosine', warmup_steps: 10 },
    clip_grad_norm: 1,
    seeds: [3],
  });
  assert.deepEqual(spec.dataset, { csv: 'data.csv', features: ['x1', 'x2'], target: 'y' });
  const runs = expandRuns(spec);
  assert.equal(runs.length, 4);
  assert.deepEqual(runs[1]!.optimizer_options, { betas: [0.8, 0.9] });
  assert.equal(runs[1]!.lr, 1e-3, "AdamW's PyTorch default lr");
  assert.deepEqual(runs[2]!.loss_options, { delta: 0.5 });
});

test('bad specs: each error names the path of the problem', () => {
  const bad = (patch: Record<string, unknown>, path: string, pattern: RegExp): void => {
    assert.throws(
      () => parseSpec({ ...ISSUE_SPEC, ...patch }),
      (e: unknown) => e instanceof SpecError && e.path === path && pattern.test(e.problem),
      `${JSON.stringify(patch)} -> ${path}`,
    );
  };
  bad({ task: 'ranking' }, 'task', /one of "regression", "binary", "multiclass"/);
  bad({ losses: [] }, 'losses', /at least one/);
  bad({ losses: ['mse_loss', 'msee_loss'] }, 'losses[1]', /unknown loss "msee_loss" \(known: .*mse_loss/);
  bad({ losses: [{ name: 'mse_loss', options: { delta: 1 } }] }, 'losses[0].options.delta', /no option "delta"/);
  bad({ optimizers: [{ name: 'adam', lr: [0.01, -1] }] }, 'optimizers[0].lr[1]', /> 0/);
  bad({ optimizers: [{ name: 'adamm' }] }, 'optimizers[0].name', /"adam"/);
  bad({ optimizers: [{ name: 'adam', momentum: 0.9 }] }, 'optimizers[0].momentum', /unknown key/);
  bad({ optimizers: [{ name: 'sgd', nesterov: true }] }, 'optimizers[0].nesterov', /momentum/);
  bad({ steps: 2.5 }, 'steps', /integer/);
  bad({ batch_size: 0 }, 'batch_size', />= 1/);
  bad({ seeds: 'zero' }, 'seeds', /array/);
  bad({ dataset: { name: 'swiss_roll' } }, 'dataset.name', /"moons"/);
  bad({ dataset: { csv: 'a.csv', target: 'y' } }, 'dataset.features', /feature column/);
  bad({ model: { hidden: [16, 0] } }, 'model.hidden[1]', />= 1/);
  bad({ model: { activation: 'swish' } }, 'model.activation', /"gelu"/);
  bad({ stepz: 3 }, 'spec.stepz', /unknown key/);
  assert.throws(() => parseSpec([]), (e: unknown) => e instanceof SpecError && e.path === 'spec');
});

test('a loss that makes no sense for the task is refused at its path before any run starts', () => {
  const spec = parseSpec({ ...ISSUE_SPEC, task: 'regression', dataset: { name: 'sine', n: 50 }, losses: ['mse_loss', 'cross_entropy'] });
  const data = specDataset(spec);
  assert.throws(() => sweepJobs(spec, data), (e: unknown) => e instanceof SpecError && e.path === 'losses[1]' && /cross_entropy cannot train this task: .*class indices/.test(e.message));
});

test('jobs share one seeded split of the data', () => {
  const spec = parseSpec({ ...ISSUE_SPEC, losses: ['mse_loss'], dataset: { name: 'moons', n: 100 } });
  const jobs = sweepJobs(spec, specDataset(spec));
  assert.equal(jobs.length, 6);
  assert.equal(jobs[0]!.train.n, 80);
  assert.equal(jobs[0]!.val!.n, 20);
  assert.equal(jobs[0]!.train, jobs[5]!.train);
  assert.deepEqual([...sweepJobs(spec, specDataset(spec))[0]!.val!.x], [...jobs[0]!.val!.x]);
});

test('a valid spec too large for memory is refused, naming its limit', () => {
  const base = { task: 'binary', dataset: { name: 'moons' }, losses: ['mse_loss'] };
  assert.throws(() => parseSpec({ ...base, model: { hidden: Array(64).fill(4096) } }), /model\.hidden: 64 hidden layers: at most 16/);
  assert.throws(() => parseSpec({ ...base, model: { hidden: [4096, 4096] } }), /16,777,216 weights between hidden layers: at most 4,194,304/);
  assert.doesNotThrow(() => parseSpec({ ...base, model: { hidden: [2048, 2048] } }));
  assert.throws(() => parseSpec({ ...base, seeds: Array.from({ length: 30_000 }, (_, i) => i) }), /seeds: 30,000 seeds: at most 10,000 runs in all/);
  assert.throws(() => parseSpec({ ...base, losses: ['mse_loss', 'l1_loss'], optimizers: [{ name: 'adam', lr: Array.from({ length: 100 }, (_, i) => 0.001 * (i + 1)) }], seeds: Array.from({ length: 60 }, (_, i) => i) }), /the grid has 12,000 runs/);
});

test('every problem of a spec is reported at once, each with its path', () => {
  const { spec, problems } = checkSpec({
    task: 'binary', dataset: { name: 'moons', n: 2, colour: 'red' }, model: { hidden: [8, -1], activation: 'tanh' },
    losses: ['binary_cross_entropy_with_logits', 'nope', { name: 'mse_loss', options: { beta: 1 } }],
    optimizers: [{ name: 'adam', lr: [0.01, 0] }, { name: 'nadam_x' }], steps: 1.5, seeds: [0, 'x'],
  });
  assert.equal(spec, undefined);
  assert.deepEqual(problems.map((p) => p.path), [
    'dataset.n', 'dataset.colour', 'model.hidden[1]', 'losses[1]', 'losses[2].options.beta', 'optimizers[0].lr[1]', 'optimizers[1].name', 'steps', 'seeds[1]',
  ]);
  assert.equal(problems.length, 9, problems.map((p) => p.message).join('\n'));
  // parseSpec keeps its contract: a SpecError whose path is the first problem's, the message lists them all.
  assert.throws(() => parseSpec({ task: 'binary', dataset: { name: 'moons' }, losses: ['nope'], steps: 0 }), (e: unknown) =>
    e instanceof SpecErrors && e instanceof SpecError && e.path === 'losses[0]' && e.problems.length === 2 && e.message.split('\n').length === 2);
  assert.deepEqual(checkSpec({ task: 'binary', dataset: { name: 'moons' }, losses: ['mse_loss'] }).problems, []);
});
