/** The walkthrough's steps, stated once: package.json's `contributes.walkthroughs` uses these ids
 *  (test/unit/walkthrough.test.ts holds them equal) and the command does each on its example file.
 *  The examples ship in media/walkthrough/examples/ (the .vsix has no examples/ folder). */
export const WALKTHROUGH_ID = 'gettingStarted';

/** A step's title is the manifest's (package.nls.json, translated): the quick pick reads it there. */
export interface WalkthroughStep {
  /** The example file the step opens, relative to the examples folder. */
  file: string;
  /** Text in `file` whose first character the cursor is put on (the loss call, not its mention in
   *  the docstring), when the step is about a place in the code. */
  anchor?: string;
}

export const WALKTHROUGH_STEPS = {
  hover: { file: 'train.py', anchor: 'HuberLoss(' },
  pitfall: { file: 'pitfall.py', anchor: 'BCELoss(' },
  plot: { file: 'train.py', anchor: 'HuberLoss(' },
  sweep: { file: 'sweep.losslab.json' },
  logs: { file: 'runs' },
  notebook: { file: 'notebook.ipynb' },
} as const satisfies Record<string, WalkthroughStep>;

export type WalkthroughStepId = keyof typeof WALKTHROUGH_STEPS;

export function isStepId(value: unknown): value is WalkthroughStepId {
  return typeof value === 'string' && Object.hasOwn(WALKTHROUGH_STEPS, value);
}

/** Where the examples are copied: Loss Lab's own storage (refreshed each time) or the workspace
 *  (only files that are missing are written; the user's files are never overwritten). */
export type ExampleTarget = 'storage' | 'workspace';

/** The folder the examples go to inside a workspace folder. */
export const WORKSPACE_FOLDER_NAME = 'losslab-walkthrough';

/** The context key a step's command sets once it has done the step (its `onContext` completion event). */
export function doneContextKey(step: WalkthroughStepId): string {
  return `losslab.walkthrough.${step}Done`;
}
