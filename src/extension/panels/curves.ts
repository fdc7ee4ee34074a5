/** "Show Loss Curves": the curves panel for a figure payload (from a sweep, the notebook helper or
 *  a saved JSON file). */
import * as vscode from 'vscode';
import { parseFigure, type CurvesFigure } from '../../protocol/figure';
import { isRecord } from '../../protocol/validate';
import { PanelHost } from './host';
import { errorText, log } from '../log';
import { COMMANDS } from '../commandIds';
import { activeDocument } from '../activeDocument';

/** A curves payload from a command argument: a figure, or {series: [...]} for short. */
export function curvesFromArg(arg: unknown): CurvesFigure | undefined {
  if (!isRecord(arg)) return undefined;
  const candidate = arg.kind === undefined && Array.isArray(arg.series) ? { version: 1, kind: 'curves', ...arg } : arg;
  const figure = parseFigure(candidate);
  if (figure.kind !== 'curves') throw new Error(`expected a curves figure, got ${figure.kind}`);
  return figure;
}

/** The active tab's JSON, when it is a curves figure. */
async function activeEditorCurves(): Promise<CurvesFigure | undefined> {
  const doc = await activeDocument();
  if (!doc || !doc.languageId.startsWith('json')) return undefined;
  try {
    return curvesFromArg(JSON.parse(doc.getText()));
  } catch (e) {
    log().info(`the active editor is not a curves figure: ${errorText(e)}`);
    return undefined;
  }
}

async function pickFile(): Promise<CurvesFigure | undefined> {
  const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Loss Lab curves (JSON)')]: ['json'] }, openLabel: vscode.l10n.t('Show curves') })) ?? [];
  if (!uri) return undefined;
  const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  return curvesFromArg(JSON.parse(text));
}

export function registerCurves(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showCurves, async (arg?: unknown) => {
      try {
        const figure = arg instanceof vscode.Uri
          ? curvesFromArg(JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(arg)).toString('utf8')))
          : (curvesFromArg(arg) ?? (await activeEditorCurves()) ?? (await pickFile()));
        if (!figure) return undefined;
        const host = PanelHost.create('curves', context);
        host.show({ figure });
        return host.panel;
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: cannot show these curves: {0}', (e as Error).message));
        return undefined;
      }
    }),
  );
}
