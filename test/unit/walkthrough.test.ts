/** The walkthrough in package.json and the command behind its buttons agree: the same steps, each
 *  with its markdown and its example shipped in the package, a button for its own step, and
 *  completion events naming the context key the command sets and commands that exist. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pkg from '../../package.json';
import nls from '../../package.nls.json';
import { resolveNls } from '../../scripts/nls.mjs';
import { COMMANDS, INTERNAL_COMMANDS } from '../../src/extension/commandIds';
import { WALKTHROUGH_ID, WALKTHROUGH_STEPS, doneContextKey, isStepId } from '../../src/extension/walkthrough/steps';

const REPO = join(__dirname, '..', '..');
const walkthrough = resolveNls(pkg, nls).contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID)!;
/** Workbench commands the completion events may name besides ours. */
const WORKBENCH_COMMANDS = ['editor.action.showHover', 'editor.action.quickFix'];

test('the walkthrough has exactly the command\'s steps, in order', () => {
  assert.ok(walkthrough, `walkthrough ${WALKTHROUGH_ID} is contributed`);
  assert.deepEqual(walkthrough.steps.map((s) => s.id), Object.keys(WALKTHROUGH_STEPS));
});

test('each step has its markdown and its example in the package (media/ ships, examples/ does not)', () => {
  const ignore = readFileSync(join(REPO, '.vscodeignore'), 'utf8');
  assert.match(ignore, /^!media\/\*\*$/m, 'media/ is in the .vsix');
  for (const step of walkthrough.steps) {
    assert.ok(step.media.markdown.startsWith('media/'), step.media.markdown);
    assert.ok(existsSync(join(REPO, step.media.markdown)), step.media.markdown);
    const example = join(REPO, 'media', 'walkthrough', 'examples', WALKTHROUGH_STEPS[step.id as keyof typeof WALKTHROUGH_STEPS].file);
    assert.ok(existsSync(example), example);
  }
});

test('each step\'s button runs the walkthrough command for that step', () => {
  for (const step of walkthrough.steps) {
    const links = [...step.description.matchAll(/\]\(command:([^?)]+)\?([^)]*)\)/g)];
    assert.ok(links.length > 0, `${step.id} has a button`);
    for (const [, command, args] of links) {
      assert.equal(command, COMMANDS.walkthroughOpen);
      const arg: unknown = JSON.parse(decodeURIComponent(args!));
      const stepOf = typeof arg === 'string' ? arg : (arg as { step: unknown }).step;
      assert.ok(isStepId(stepOf), `${step.id}: ${args}`);
      assert.equal(stepOf, step.id);
    }
  }
});

test('completion events: the context key the command sets, and commands that exist', () => {
  const known = [...Object.values(COMMANDS), ...Object.values(INTERNAL_COMMANDS), ...WORKBENCH_COMMANDS] as string[];
  for (const step of walkthrough.steps) {
    assert.ok(step.completionEvents.includes(`onContext:${doneContextKey(step.id as keyof typeof WALKTHROUGH_STEPS)}`), step.id);
    for (const event of step.completionEvents.filter((e) => e.startsWith('onCommand:'))) {
      assert.ok(known.includes(event.slice('onCommand:'.length)), `${step.id}: ${event}`);
    }
  }
});
