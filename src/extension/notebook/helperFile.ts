/** What "Add Python Helper to Workspace" does with an existing losslab.py. Pure, so that the
 *  rules are tested without VS Code. */
export type OverwritePolicy = 'ask' | 'always' | 'never';
export type HelperAction = 'copy' | 'unchanged' | 'ask' | 'keep' | 'overwrite';

export function helperAction(existing: Uint8Array | undefined, shipped: Uint8Array, policy: OverwritePolicy): HelperAction {
  if (existing === undefined) return 'copy';
  if (sameBytes(existing, shipped)) return 'unchanged';
  if (policy === 'always') return 'overwrite';
  if (policy === 'never') return 'keep';
  return 'ask';
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The files "Add Python Helper" copies from the extension's python/ folder: the stdlib-only
 *  helper and its torch part, which the helper loads from its own folder. */
export const HELPER_FILES = ['losslab.py', 'losslab_torch.py'] as const;

export type AddHelperResult = 'copied' | 'unchanged' | 'overwritten' | 'kept' | 'no-folder';

/** One answer for several files: an overwrite wins, then a new copy, then a kept user copy. */
export function combinedResult(actions: readonly Exclude<HelperAction, 'ask'>[]): Exclude<AddHelperResult, 'no-folder'> {
  if (actions.includes('overwrite')) return 'overwritten';
  if (actions.includes('copy')) return 'copied';
  if (actions.includes('keep')) return 'kept';
  return 'unchanged';
}
