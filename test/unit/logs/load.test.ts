import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadLogs } from '../../../src/logio/load';
import { FIXTURES } from './expected';

const tmp = mkdtempSync(join(tmpdir(), 'losslab-load-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function eventFile(): string {
  const dir = join(FIXTURES, 'tfevents', 'tbx');
  return join(dir, readdirSync(dir).find((f) => f.includes('tfevents'))!);
}

test('runs are named relative to each path given; a symlink loop is walked once', async () => {
  const root = join(tmp, 'loop');
  mkdirSync(join(root, 'exp1', 'inner'), { recursive: true });
  copyFileSync(eventFile(), join(root, 'exp1', 'inner', 'events.out.tfevents.1.host'));
  symlinkSync(root, join(root, 'exp1', 'back'));
  const { runs, errors } = await loadLogs([root, join(root, 'exp1')]);
  assert.deepEqual(errors, []);
  assert.deepEqual(runs.map((r) => r.run), ['exp1/inner', 'inner']);
});

test('a FIFO named like an event file is refused without blocking; a missing path is an error entry', async () => {
  const root = join(tmp, 'fifo');
  mkdirSync(root);
  execFileSync('mkfifo', [join(root, 'events.out.tfevents.1.fifo')]);
  const { runs, errors } = await loadLogs([root, join(tmp, 'nope')]);
  assert.equal(runs.length, 0);
  assert.match(errors.map((e) => e.message).join('\n'), /not a regular file \(a FIFO\)/);
  assert.match(errors.map((e) => `${e.path}: ${e.message}`).join('\n'), /nope: cannot open: no such file or folder/);
});

test('a file over the size cap is an error entry naming the limit; others are still read', async () => {
  const root = join(tmp, 'big');
  mkdirSync(join(root, 'a'), { recursive: true });
  mkdirSync(join(root, 'b'));
  copyFileSync(eventFile(), join(root, 'a', 'events.out.tfevents.1.h'));
  writeFileSync(join(root, 'b', 'events.out.tfevents.1.h'), new Uint8Array(300_000));
  const { runs, errors } = await loadLogs([root], { maxFileBytes: 100_000 });
  assert.deepEqual(runs.map((r) => r.run), ['a']);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /file is 0\.3 MiB, over the 0\.1 MiB limit/);
});

test('--tag keeps matching tags; progress counts runs; an aborted signal stops the load', async () => {
  const seen: [number, number][] = [];
  const { runs } = await loadLogs([join(FIXTURES, 'tfevents', 'torch')], { tag: /^train\//, onProgress: (d, t) => seen.push([d, t]) });
  assert.deepEqual(runs.map((r) => [r.run, [...r.scalars.keys()]]), [['.', ['train/loss']]]);
  assert.deepEqual(seen, [[1, 3], [2, 3], [3, 3]]);
  await assert.rejects(loadLogs([FIXTURES], { signal: AbortSignal.abort() }), { name: 'AbortError' });
});

test('an unreadable folder is an error entry, the rest is read', { skip: process.getuid?.() === 0 ? 'root reads every folder' : false }, async () => {
  const root = join(tmp, 'locked');
  mkdirSync(join(root, 'closed'), { recursive: true });
  mkdirSync(join(root, 'open'));
  copyFileSync(eventFile(), join(root, 'open', 'events.out.tfevents.1.h'));
  execFileSync('chmod', ['000', join(root, 'closed')]);
  const { runs, errors } = await loadLogs([root]);
  execFileSync('chmod', ['755', join(root, 'closed')]);
  assert.deepEqual(runs.map((r) => r.run), ['open']);
  assert.match(errors[0]!.message, /cannot read folder: permission denied/);
});
