import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { jsonlReader } from '../../../src/engine/logs/jsonl';
import type { RunLog } from '../../../src/engine/logs/types';
import { LogWatcher } from '../../../src/logio/watch';

const dir = mkdtempSync(join(tmpdir(), 'losslab-watch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves when `check` holds, checking after every change report; fails after `ms`. */
function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() - started > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

const line = (step: number, loss: number | string): string => `{"step": ${step}, "loss": ${loss}}\n`;

test('reads appended records, holds back a half-written one, and sees new runs', async () => {
  const a = join(dir, 'a.jsonl');
  writeFileSync(a, line(0, 2) + line(1, 1.5));
  const reports: RunLog[][] = [];
  const latest = new Map<string, RunLog>();
  const watcher = new LogWatcher(dir, {
    readers: [jsonlReader],
    pollMs: 200,
    onChange: (runs) => {
      reports.push(runs);
      for (const r of runs) latest.set(r.run, r);
    },
  });
  const points = (run: string): number => latest.get(run)?.scalars.get('loss')?.step.length ?? 0;
  try {
    const first = await watcher.start();
    assert.deepEqual(first.map((r) => r.run), ['a.jsonl']);
    assert.equal(points('a.jsonl'), 2);

    appendFileSync(a, line(2, 1.25));
    await until(() => points('a.jsonl') === 3, 'the appended record');

    // Half a record, then a whole record in another file: by the time the new file is reported
    // the half record has been read too, and must not have been decoded.
    appendFileSync(a, '{"step": 3, "lo');
    writeFileSync(join(dir, 'b.jsonl'), line(0, 9));
    await until(() => points('b.jsonl') === 1, 'the new run');
    assert.equal(points('a.jsonl'), 3);
    assert.deepEqual(latest.get('a.jsonl')!.notes, []);

    appendFileSync(a, 'ss": NaN}\n');
    await until(() => points('a.jsonl') === 4, 'the completed record');
    const loss = latest.get('a.jsonl')!.scalars.get('loss')!;
    assert.deepEqual([...loss.step], [0, 1, 2, 3]);
    assert.ok(Number.isNaN(loss.value[3]));
    assert.ok(watcher.grewAt('a.jsonl'), 'a run that grew after the first read is marked');
    assert.equal(watcher.grewAt('b.jsonl'), undefined);
  } finally {
    watcher.close();
  }
});

test('a file cut shorter (the run started over) is read again from its start', async () => {
  const f = join(dir, 'c.jsonl');
  writeFileSync(f, line(0, 1) + line(1, 2) + line(2, 3));
  let last: RunLog | undefined;
  const watcher = new LogWatcher(f, { readers: [jsonlReader], pollMs: 200, onChange: (runs) => (last = runs.at(-1) ?? last) });
  try {
    const [run] = await watcher.start();
    assert.equal(run!.run, '.', 'a file opened by itself is the run "."');
    writeFileSync(f, line(0, 7));
    await until(() => last?.scalars.get('loss')?.value[0] === 7, 'the rewritten file');
    assert.equal(last!.scalars.get('loss')!.step.length, 1);
  } finally {
    watcher.close();
  }
});

test('the first listing shares the loader\'s walker: folders like node_modules are skipped, a symlinked folder is read, a FIFO never opened', async () => {
  const root = mkdtempSync(join(tmpdir(), 'losslab-watch-walk-'));
  try {
    mkdirSync(join(root, 'runs'));
    writeFileSync(join(root, 'runs', 'a.jsonl'), line(0, 1));
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', 'b.jsonl'), line(0, 2));
    const elsewhere = mkdtempSync(join(tmpdir(), 'losslab-watch-linked-'));
    writeFileSync(join(elsewhere, 'c.jsonl'), line(0, 3));
    symlinkSync(elsewhere, join(root, 'linked'));
    const fifo = spawnSync('mkfifo', [join(root, 'runs', 'pipe.jsonl')]);
    assert.equal(fifo.status, 0);
    const watcher = new LogWatcher(root, { readers: [jsonlReader], pollMs: 60_000, onChange: () => undefined });
    try {
      const first = await watcher.start(); // would hang on opening the FIFO
      assert.deepEqual(first.map((r) => r.run).sort(), ['linked/c.jsonl', 'runs/a.jsonl']);
    } finally {
      watcher.close();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
