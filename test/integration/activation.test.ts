import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LossLabApi } from '../../src/extension/main';
import { extensionId } from './util';

suite('activation', () => {
  test('the extension activates without failed features and records its activation time', async () => {
    const ext = vscode.extensions.getExtension<LossLabApi>(extensionId);
    assert.ok(ext, `extension ${extensionId} is loaded`);
    const api = await ext.activate();
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs = ${api.activationMs}`);
    assert.deepEqual(api.failedFeatures, []);
    // Read by scripts/test.mjs for the report (not asserted: wall-clock times vary).
    console.log(`losslab activationMs=${api.activationMs.toFixed(1)}`);
  });
});
