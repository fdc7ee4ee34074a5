/** "Plot Loss" and "Compare Losses…": the loss explorer panel for one or several catalog losses,
 *  with the options the user wrote. */
import * as vscode from 'vscode';
import { LOSSES, getLoss } from '../../engine/catalog';
import type { OptionValue } from '../../engine/catalog/types';
import { DEFAULT_PREDICTION_HALF_WIDTH, explorerData, explorerDefaults } from '../../plot/explorerData';
import type { ExplorerFigure } from '../../protocol/figure';
import { isRecord } from '../../protocol/validate';
import { PanelHost } from './host';
import { setting } from '../config';
import { COMMANDS, INTERNAL_COMMANDS } from '../commandIds';

type LossRef = ExplorerFigure['losses'][number];

function optionsOf(v: unknown): Record<string, OptionValue> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, OptionValue> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') out[k] = x;
  }
  return out;
}

/** Accepts "mse_loss", {lossId, options} (hover links and lenses), {id, options} or {losses: [...]}. */
export function lossesFromArgs(arg: unknown): LossRef[] {
  if (typeof arg === 'string') return [{ id: arg }];
  if (!isRecord(arg)) return [];
  if (Array.isArray(arg.losses)) return arg.losses.flatMap((l) => lossesFromArgs(l));
  const id = typeof arg.lossId === 'string' ? arg.lossId : typeof arg.id === 'string' ? arg.id : undefined;
  if (!id) return [];
  const options = optionsOf(arg.options);
  return [options && Object.keys(options).length > 0 ? { id, options } : { id }];
}

/** The figure for `losses`; its x range spans the `losslab.plot.predictionRange` half-width around
 *  the target on a prediction axis. */
export function explorerFigure(losses: LossRef[], arg?: unknown, halfWidth = predictionHalfWidth()): ExplorerFigure {
  const f: ExplorerFigure = { version: 1, kind: 'explorer', losses };
  if (isRecord(arg) && typeof arg.target === 'number') f.target = arg.target;
  const defaults = explorerDefaults(losses, halfWidth, f.target);
  if (defaults.axis === 'prediction') f.range = defaults.range;
  return f;
}

function predictionHalfWidth(): number {
  const h = setting('plot.predictionRange');
  return Number.isFinite(h) && h > 0 ? h : DEFAULT_PREDICTION_HALF_WIDTH;
}

/** Every catalog loss to pick one from; undefined when dismissed. */
async function pickLoss(placeHolder: string): Promise<LossRef | undefined> {
  const picked = await vscode.window.showQuickPick(LOSSES.map((l) => ({ label: l.title, description: l.id, id: l.id })), { placeHolder, matchOnDescription: true });
  return picked ? { id: picked.id } : undefined;
}

export function openExplorer(context: vscode.ExtensionContext, figure: ExplorerFigure): PanelHost {
  const host = PanelHost.create('explorer', context);
  host.show({ figure });
  return host;
}

/** Losses drawn on the same x axis as `id` (the explorer tells), for the Compare picker. */
function comparable(id: string): typeof LOSSES {
  const axis = explorerData({ losses: [{ id }], points: 3 }).axis;
  return LOSSES.filter((l) => {
    if (l.id === id) return false;
    const d = explorerData({ losses: [{ id: l.id }], points: 3 });
    return d.series[0]!.error === undefined && d.axis === axis;
  });
}

export function registerExplorer(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    // From a lens or link: that loss; from the palette: the loss under the cursor, else the one picked.
    vscode.commands.registerCommand(COMMANDS.plotLoss, async (arg?: unknown) => {
      let losses = lossesFromArgs(arg);
      if (losses.length === 0) losses = lossesFromArgs(await vscode.commands.executeCommand(INTERNAL_COMMANDS.lossAtCursor));
      if (losses.length === 0) {
        const picked = await pickLoss(vscode.l10n.t('Loss to plot'));
        if (!picked) return undefined;
        losses = [picked];
      }
      return openExplorer(context, explorerFigure(losses, arg)).panel;
    }),
    vscode.commands.registerCommand(COMMANDS.compareLosses, async (arg?: unknown) => {
      let losses = lossesFromArgs(arg);
      if (losses.length === 0) losses = lossesFromArgs(await vscode.commands.executeCommand(INTERNAL_COMMANDS.lossAtCursor));
      if (losses.length === 0) {
        const first = await pickLoss(vscode.l10n.t('Loss to compare'));
        if (!first) return undefined;
        losses = [first];
      }
      if (losses.length === 1) {
        const base = getLoss(losses[0]!.id);
        const others = base ? comparable(base.id) : [];
        const picked = await vscode.window.showQuickPick(others.map((l) => ({ label: l.title, description: l.id, id: l.id })), {
          canPickMany: true, placeHolder: vscode.l10n.t('Compare {0} with…', base?.title ?? losses[0]!.id),
        });
        if (picked) losses = [...losses, ...picked.map((p) => ({ id: p.id }))];
      }
      return openExplorer(context, explorerFigure(losses, arg)).panel;
    }),
  );
}
