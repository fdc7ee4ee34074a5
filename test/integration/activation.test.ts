import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_COMMANDS } from '../../src/extension/commandIds';
import { activateLossLab } from './util';

suite('activation', () => {
  test('the extension activates without failed features and records its activation time', async () => {
    const api = await activateLossLab();
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs = ${api.activationMs}`);
    assert.deepEqual(api.failedFeatures, []);
    // Read by scripts/test.mjs for the report (not asserted: wall-clock times vary).
    console.log(`losslab activationMs=${api.activationMs.toFixed(1)} loadMs=${api.loadMs.toFixed(1)}`);
  });

  test('every command of the table is registered, and no Loss Lab command outside it', async () => {
    await activateLossLab();
    // VS Code adds <view id>.focus and the like for the runs view: those are its own, not ours.
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('losslab.') && !c.startsWith('losslab.runs.')).sort();
    assert.deepEqual(registered, [...Object.values(COMMANDS), ...Object.values(INTERNAL_COMMANDS)].sort());
  });
});
