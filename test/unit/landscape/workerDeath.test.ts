/** A landscape worker that dies mid-grid ends the computation with that reason, once: no other
 *  job's rejection ("cancelled", when the pool is disposed) goes unobserved and kills the process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const REPO = join(__dirname, '..', '..', '..');

test('a worker dying mid-grid rejects computeLandscape with its reason, and disposing the pool leaves nothing unhandled', () => {
  const script = `
    const { LandscapePool } = require(${JSON.stringify(join(REPO, 'src/worker/landscapePool.ts'))});
    const { computeLandscape } = require(${JSON.stringify(join(REPO, 'src/worker/landscapeRun.ts'))});
    (async () => {
    const pool = new LandscapePool(${JSON.stringify(join(REPO, 'test/fixtures/workers/dyingLandscapeWorker.cjs'))}, 2);
    try {
      await computeLandscape(pool, { spec: {}, run: 0 }, { grid: 3 });
      console.log('RESULT resolved');
    } catch (e) {
      console.log('RESULT ' + e.message);
    } finally {
      await pool.dispose();
    }
    await new Promise((r) => setTimeout(r, 200));
    console.log('END');
    })();
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  assert.match(r.stdout, /RESULT landscape worker died: exit code 3/, r.stdout + r.stderr);
  assert.match(r.stdout, /END/, `the process went on after the failure: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /cancelled/, 'no unobserved "cancelled" rejection');
  assert.equal(r.status, 0, r.stderr);
});
