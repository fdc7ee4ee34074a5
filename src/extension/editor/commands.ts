import * as vscode from 'vscode';
import { commandArgs, type LossAction } from '../../analysis/hover';
import { LOSSES } from '../../engine/catalog';

export const OPEN_COMMAND = 'losslab.editor.open';

/** The command each action opens; panels not built yet fall back to the loss plot. */
const TARGET: Readonly<Record<LossAction['action'], string>> = {
  plot: 'losslab.plotLoss',
  compare: 'losslab.compareLosses',
  sweep: 'losslab.sweep',
  landscape: 'losslab.landscape',
};

export function commandLink(label: string, action: LossAction): string {
  return `[${label}](command:${OPEN_COMMAND}?${commandArgs([action])})`;
}

function isAction(value: unknown): value is Partial<LossAction> {
  return typeof value === 'object' && value !== null;
}

/** Opens what a hover link or code lens asks for, with the loss and the user's literal options.
 *  Without a loss id (a user-defined loss), the user picks the catalog loss to look at. */
export function registerOpenCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_COMMAND, async (raw: unknown) => {
      const action = isAction(raw) ? raw : {};
      const kind = action.action && action.action in TARGET ? action.action : 'plot';
      let lossId = typeof action.lossId === 'string' ? action.lossId : undefined;
      if (!lossId) {
        const picked = await vscode.window.showQuickPick(
          LOSSES.filter((l) => l.spellings.length > 0).map((l) => ({ label: l.title, description: l.id, lossId: l.id })),
          { placeHolder: 'Catalog loss to compare with' },
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
