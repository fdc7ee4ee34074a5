/** Check Loss against its floor: the whole check of a typical loss (the hand-written focal loss:
 *  runner in Debian's python3 + torch, then the catalog matching in TypeScript) against the same
 *  Python merely importing torch and calling that loss once, in the same run. Medians of --reps
 *  (default 3), printed as seconds and ratios. `npx tsx bench/checkLoss.ts [--reps N]`. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCheckLoss } from '../src/runner/checkLoss';
import { checkLossReport } from '../src/runner/checkLossReport';
import { median, numberFlag } from './args';
import { PYTHON } from './peers';

const REPO = join(__dirname, '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'user_losses');
const reps = numberFlag('--reps', 3);

async function main(): Promise<void> {
  const floor: number[] = [];
  const runner: number[] = [];
  const matching: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    const peer = spawnSync(PYTHON, ['-c', 'import torch, focal; focal.focal_loss(torch.randn(8, dtype=torch.float64), (torch.rand(8) > 0.5).double())'], { cwd: FIXTURES });
    if (peer.status !== 0) throw new Error(String(peer.stderr));
    floor.push(performance.now() - t);
    t = performance.now();
    const result = await runCheckLoss({ python: PYTHON, runner: join(REPO, 'python', 'losslab_check.py'), file: join(FIXTURES, 'focal.py'), name: 'focal_loss', timeoutSeconds: 300 });
    const ran = performance.now();
    checkLossReport(result);
    runner.push(ran - t);
    matching.push(performance.now() - ran);
  }
  const total = median(runner.map((r, i) => r + matching[i]!));
  console.log(`check-loss focal_loss (median of ${reps}): total ${(total / 1000).toFixed(2)} s = runner ${(median(runner) / 1000).toFixed(2)} s + matching ${(median(matching) / 1000).toFixed(2)} s`);
  console.log(`peer: python3 importing torch and calling the loss once ${(median(floor) / 1000).toFixed(2)} s; check / peer = ${(total / median(floor)).toFixed(2)}×`);
}

void main();
