/** "Check loss" on hand-written losses (test/fixtures/user_losses), run by the real runner in
 *  Debian's python3 with torch: each check's status, the catalog matches, the failure paths, and
 *  `losslab check-loss` as a user runs it. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CheckLossError, runCheckLoss } from '../../src/runner/checkLoss';
import { checkLossReport, type CheckLossReport } from '../../src/runner/checkLossReport';
import type { CheckId, CheckStatus } from '../../src/protocol/checkLoss';
import { waitUntil } from '../shared/waitUntil';

const REPO = join(__dirname, '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'user_losses');
const RUNNER = join(REPO, 'python', 'losslab_check.py');
const PYTHON = '/usr/bin/python3';

function check(file: string, name: string, timeoutSeconds = 60): Promise<CheckLossReport> {
  return runCheckLoss({ python: PYTHON, runner: RUNNER, file: join(FIXTURES, file), name, timeoutSeconds }).then(checkLossReport);
}

function status(r: CheckLossReport, id: CheckId): CheckStatus {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `${id} is reported`);
  return c.status;
}

describe('check-loss on hand-written losses', { concurrency: 2 }, () => {
  test('overflowing BCE (log(sigmoid(x))) fails finite-extremes and equals BCE with logits elsewhere', async () => {
    const r = await check('overflow_bce.py', 'bce_loss');
    assert.equal(r.framework, 'torch');
    assert.equal(r.task, 'binary-logits');
    assert.equal(status(r, 'finite-extremes'), 'fail');
    assert.match(r.checks.find((c) => c.id === 'finite-extremes')!.detail, /±100/);
    assert.equal(status(r, 'gradient'), 'pass');
    assert.equal(r.matches[0]?.id, 'binary_cross_entropy_with_logits');
    assert.equal(r.matches[0]?.exact, true);
  });

  test('a detached prediction fails the gradient check', async () => {
    const r = await check('detached.py', 'mse_loss');
    assert.equal(status(r, 'gradient'), 'fail');
    assert.match(r.checks.find((c) => c.id === 'gradient')!.detail, /detach/);
    assert.equal(status(r, 'zero-at-target'), 'pass');
  });

  test('a sum where a mean belongs warns on reduction and equals mse_loss(reduction="sum")', async () => {
    const r = await check('summed_mse.py', 'l2_loss');
    assert.equal(r.task, 'regression');
    assert.equal(status(r, 'reduction'), 'warn');
    assert.equal(status(r, 'broadcast'), 'pass', 'view_as(target) handles (N, 1)');
    // mse_loss(sum) first; any other match is a catalog loss that equals it too (one whose
    // insensitivity margin defaults to 0, say), exactly.
    assert.deepEqual([r.matches[0]!.id, r.matches[0]!.options.reduction], ['mse_loss', 'sum']);
    for (const m of r.matches) assert.ok(m.exact && m.options.reduction === 'sum', `${m.id}: ${m.detail}`);
  });

  test('a Dice without smoothing is 0/0 on empty masks; with smoothing it is finite', async () => {
    const [raw, smoothed] = await Promise.all([check('dice.py', 'dice_loss'), check('smoothed_dice.py', 'dice_loss')]);
    assert.equal(raw.task, 'binary-probabilities');
    assert.equal(status(raw, 'finite-extremes'), 'fail');
    assert.match(raw.checks.find((c) => c.id === 'finite-extremes')!.detail, /all-zero/);
    assert.equal(status(smoothed, 'finite-extremes'), 'pass');
  });

  test('(N, 1) against (N,) silently broadcasting fails the broadcast check', async () => {
    const r = await check('broadcast_mse.py', 'regression_loss');
    assert.equal(status(r, 'broadcast'), 'fail');
    assert.match(r.checks.find((c) => c.id === 'broadcast')!.detail, /\(N, N\)/);
    assert.equal(status(r, 'reduction'), 'pass');
    assert.equal(r.matches[0]?.id, 'mse_loss');
  });

  test('a hand-written focal loss equals sigmoid_focal_loss(alpha=0.25, gamma=2, mean)', async () => {
    const r = await check('focal.py', 'focal_loss');
    const m = r.matches.find((x) => x.id === 'sigmoid_focal_loss');
    assert.ok(m, JSON.stringify(r.matches));
    assert.deepEqual(m.options, { alpha: 0.25, gamma: 2, reduction: 'mean' });
    assert.ok(m.max_abs_diff < 1e-12);
    for (const id of ['finite-extremes', 'gradient', 'reduction', 'broadcast', 'zero-at-target', 'determinism'] as const) assert.equal(status(r, id), 'pass', id);
    assert.equal(r.curve.gradient_source, 'autograd');
    assert.ok(r.curve.loss.every(Number.isFinite));
  });

  test('a label-smoothed CE class equals cross_entropy(label_smoothing=0.1); its minimum is not at a perfect prediction', async () => {
    const r = await check('label_smoothing.py', 'LabelSmoothingLoss');
    assert.equal(r.task, 'multiclass');
    assert.deepEqual(r.matches.map((m) => [m.id, m.options.label_smoothing, m.options.reduction]), [['cross_entropy', 0.1, 'mean']]);
    assert.equal(status(r, 'zero-at-target'), 'warn');
    assert.equal(status(r, 'broadcast'), 'pass');
  });

  test('a Huber loss that lost a 1/2 is described as twice huber_loss(delta=1) where |error| > 1', async () => {
    const r = await check('huber_twice.py', 'huber_loss');
    assert.equal(r.matches.length, 1);
    assert.equal(r.matches[0]!.exact, false);
    // huber_loss(delta=1) and smooth_l1_loss(beta=1) are one function: either names it.
    assert.match(r.matches[0]!.detail, /twice (huber_loss\(delta=1|smooth_l1_loss\(beta=1), reduction='mean'\) where \|error\| > 1\b/);
  });

  test('a NumPy loss runs with finite-difference gradients, said as such', async () => {
    const r = await check('numpy_loss.py', 'logcosh_loss');
    assert.equal(r.framework, 'numpy');
    assert.equal(status(r, 'gradient'), 'warn');
    assert.match(r.checks.find((c) => c.id === 'gradient')!.detail, /finite differences/);
    assert.equal(r.curve.gradient_source, 'finite differences');
    assert.equal(status(r, 'zero-at-target'), 'pass');
  });

  test("the user's exception comes back with their own traceback", async () => {
    await assert.rejects(check('raising.py', 'broken_loss'), (e: unknown) => {
      assert.ok(e instanceof CheckLossError);
      assert.equal(e.kind, 'call');
      assert.match(e.message, /shapes do not line up/);
      assert.match(e.traceback ?? '', /raising\.py", line \d+, in helper/);
      assert.doesNotMatch(e.traceback ?? '', /losslab_check\.py/);
      return true;
    });
  });

  test('a loss that hangs is stopped at the timeout, its process gone', async () => {
    await assert.rejects(check('hanging.py', 'stuck_loss', 3), (e: unknown) => e instanceof CheckLossError && e.kind === 'timeout' && /within 3 s/.test(e.message));
    // The kill is sent when the timeout fires; the process is gone once the kernel has reaped it.
    const left = () => spawnSync('pgrep', ['-f', 'losslab_check.py --file .*hanging.py --name stuck_loss'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(await waitUntil(left, (pids) => pids === '', { timeout: 10_000, what: 'the timed-out runner to exit' }).catch(() => left()), '', 'no runner left behind');
  });

  test('cancel stops the run', async () => {
    const abort = new AbortController();
    const run = runCheckLoss({ python: PYTHON, runner: RUNNER, file: join(FIXTURES, 'hanging.py'), name: 'stuck_loss', timeoutSeconds: 60, signal: abort.signal, onProgress: () => abort.abort() });
    await assert.rejects(run, (e: unknown) => e instanceof CheckLossError && e.kind === 'cancelled');
  });

  test('a missing interpreter, a Python without torch and a missing name say so', async () => {
    const run = (python: string, name = 'focal_loss') => runCheckLoss({ python, runner: RUNNER, file: join(FIXTURES, 'focal.py'), name, timeoutSeconds: 60 });
    await assert.rejects(run('/nonexistent/python3'), (e: unknown) => e instanceof CheckLossError && e.kind === 'interpreter-missing' && /losslab\.python\.interpreter/.test(e.message));
    const noTorch = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
    if (noTorch.status !== 0) {
      await assert.rejects(run('python3'), (e: unknown) => e instanceof CheckLossError && e.kind === 'framework-missing' && /torch/.test(e.message));
    }
    await assert.rejects(run(PYTHON, 'no_such_loss'), (e: unknown) => e instanceof CheckLossError && e.kind === 'not-found');
  });
});

test('losslab check-loss --json prints the contract; exit 1 with the reason when it cannot run', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), 'check-loss', ...args], { cwd: REPO, encoding: 'utf8' });
  const ok = cli(join(FIXTURES, 'focal.py') + '::focal_loss', '--python', PYTHON, '--json');
  assert.equal(ok.status, 0, ok.stderr);
  const out = JSON.parse(ok.stdout) as Record<string, unknown>;
  assert.equal(out.loss, 'focal_loss');
  assert.equal(out.framework, 'torch');
  const checks = out.checks as { id: string; status: string; detail: string }[];
  assert.deepEqual(checks.map((c) => c.id).sort(), ['broadcast', 'determinism', 'empty-batch', 'finite-extremes', 'gradient', 'reduction', 'zero-at-target']);
  for (const c of checks) assert.ok(['pass', 'warn', 'fail'].includes(c.status) && c.detail.length > 0);
  const matches = out.matches as { id: string; options: object; max_abs_diff: number }[];
  assert.equal(matches[0]?.id, 'sigmoid_focal_loss');
  assert.equal(typeof matches[0]?.max_abs_diff, 'number');
  assert.equal(typeof out.curve, 'object');
  const failed = cli(join(FIXTURES, 'hanging.py') + '::stuck_loss', '--python', PYTHON, '--timeout', '2', '--json');
  assert.equal(failed.status, 1);
  assert.equal(failed.stdout, '');
  assert.match(failed.stderr, /did not finish within 2 s/);
});

// JAX is not a Debian package: run with LOSSLAB_JAX_PYTHON pointing at a Python that has jax.
const JAX_PYTHON = process.env.LOSSLAB_JAX_PYTHON;
test('a JAX loss is differentiated by jax.grad and matched to huber_loss(delta=1)', { skip: JAX_PYTHON ? false : 'LOSSLAB_JAX_PYTHON is not set' }, async () => {
  const r = checkLossReport(await runCheckLoss({ python: JAX_PYTHON!, runner: RUNNER, file: join(FIXTURES, 'jax_loss.py'), name: 'huber_loss', timeoutSeconds: 300 }));
  assert.equal(r.framework, 'jax');
  assert.equal(r.curve.gradient_source, 'autograd');
  assert.equal(status(r, 'gradient'), 'pass');
  assert.ok(r.matches.some((m) => m.id === 'huber_loss' && m.options.delta === 1 && m.exact));
});
