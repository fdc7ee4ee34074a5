import * as vscode from 'vscode';
import { siteAt } from '../../analysis/analyze';
import { commandArgs, writtenOptions, type LossAction } from '../../analysis/hover';
import type { OptionValue } from '../../engine/catalog/types';
import { offsetOf, type Views } from './views';
import { LOSSES } from '../../engine/catalog';
import { COMMANDS, INTERNAL_COMMANDS } from '../commandIds';

export const OPEN_COMMAND = INTERNAL_COMMANDS.editorOpen;
export const LOSS_AT_CURSOR_COMMAND = INTERNAL_COMMANDS.lossAtCursor;

/** The command each action opens; panels not built yet fall back to the loss plot. */
const TARGET: Readonly<Record<LossAction['action'], string>> = {
  plot: COMMANDS.plotLoss,
  compare: COMMANDS.compareLosses,
  sweep: COMMANDS.sweep,
  landscape: COMMANDS.landscape,
};

export function commandLink(label: string, action: LossAction): string {
  return `[${label}](command:${OPEN_COMMAND}?${commandArgs([action])})`;
}

function isAction(value: unknown): value is Partial<LossAction> {
  return typeof value === 'object' && value !== null;
}

/** The loss site under the cursor of the active Python editor (a file or a notebook cell). */
export function lossAtCursor(views: Views): { lossId: string; options: Record<string, OptionValue> } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const view = views.view(editor.document);
  if (!view) return undefined;
  const site = siteAt(view.analysis, offsetOf(view, editor.document, editor.selection.active));
  return site ? { lossId: site.loss.id, options: writtenOptions(site) } : undefined;
}

/** Opens what a hover link or code lens asks for, with the loss and the user's literal options.
 *  Without a loss id (a user-defined loss), the user picks the catalog loss to look at. */
export function registerOpenCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_COMMAND, async (raw: unknown) => {
      const action = isAction(raw) ? raw : {};
      const kind = action.action && Object.hasOwn(TARGET, action.action) ? action.action : 'plot';
      let lossId = typeof action.lossId === 'string' ? action.lossId : undefined;
      if (!lossId) {
        const picked = await vscode.window.showQuickPick(
          LOSSES.filter((l) => l.spellings.length > 0).map((l) => ({ label: l.title, description: l.id, lossId: l.id })),
          { placeHolder: vscode.l10n.t('Catalog loss to compare with') },
        );
        if (!picked) return undefined;
        lossId = picked.lossId;
      }
      const available = await vscode.commands.getCommands(true);
      const target = available.includes(TARGET[kind]) ? TARGET[kind] : TARGET.plot;
      const options = isAction(raw) && typeof raw.options === 'object' && raw.options !== null ? raw.options : {};
      return vscode.commands.executeCommand(target, { lossId, options });
    }),
  );
}
