import * as vscode from 'vscode';
import { writtenOptions, type LossAction } from '../../analysis/hover';
import type { LossSite } from '../../analysis/model';
import { CHECK_LOSS_COMMAND, untrustedReason } from '../checkLoss/feature';
import { OPEN_COMMAND } from './commands';
import { timedProvider } from './latency';
import { rangeIn, type Views } from './views';
import { setting } from '../config';
import { COMMANDS } from '../commandIds';

/** The lenses above each loss (titles made when shown, in the display language). */
const LENSES: readonly { action: LossAction['action']; title: () => string }[] = [
  { action: 'plot', title: () => vscode.l10n.t('Plot loss') },
  { action: 'compare', title: () => vscode.l10n.t('Compare…') },
  { action: 'sweep', title: () => vscode.l10n.t('Sweep…') },
  { action: 'landscape', title: () => vscode.l10n.t('Landscape…') },
];

/** In a notebook cell, "Plot loss" attaches the figure to the cell's outputs (no kernel needed). */
const PLOT_IN_CELL_COMMAND = COMMANDS.plotLossForCell;

class LossLens extends vscode.CodeLens {
  constructor(
    readonly uri: vscode.Uri,
    range: vscode.Range,
    readonly site: LossSite | undefined,
    readonly action: LossAction['action'],
    readonly title: string,
    /** A "Check loss…" lens: the name of the user's function or class to run. */
    readonly userLoss?: string,
  ) {
    super(range);
  }
}

/** Lenses above loss sites (constructors, functional calls, string names) and user-defined losses.
 *  provideCodeLenses only places them; resolveCodeLens reads the options for the command. */
export class LensProvider implements vscode.CodeLensProvider<LossLens> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** Where lenses go, per analysis and document: a repeated request for the same version only makes
   *  fresh (unresolved, so cheap to send) lens objects. */
  private readonly placed = new WeakMap<object, Map<vscode.TextDocument, LossLens[]>>();

  constructor(private readonly views: Views) {
    // Lenses placed from a provisional analysis are asked for again once the fresh one is in.
    views.onDidRefresh(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): Promise<LossLens[]> {
    return timedProvider('codeLens', () => this.lensesOf(document));
  }

  private async lensesOf(document: vscode.TextDocument): Promise<LossLens[]> {
    await this.views.ready;
    if (!setting('codeLens.enabled', document)) return [];
    const view = this.views.quickView(document);
    if (!view) return [];
    const known = this.placed.get(view.analysis)?.get(document);
    if (known) return known.map((l) => new LossLens(l.uri, l.range, l.site, l.action, l.title, l.userLoss));
    const lenses: LossLens[] = [];
    const lineStart = (range: vscode.Range) => new vscode.Range(range.start.line, 0, range.start.line, 0);
    for (const site of view.analysis.sites) {
      const range = rangeIn(view, document, site.calleeSpan);
      if (!range) continue;
      for (const lens of LENSES) lenses.push(new LossLens(document.uri, lineStart(range), site, lens.action, lens.title()));
    }
    for (const user of view.analysis.userLosses) {
      const range = rangeIn(view, document, user.nameSpan);
      if (!range) continue;
      lenses.push(new LossLens(document.uri, lineStart(range), undefined, 'compare', vscode.l10n.t('Check loss…'), user.name));
      lenses.push(new LossLens(document.uri, lineStart(range), undefined, 'compare', vscode.l10n.t('Compare with catalog losses…')));
    }
    const byDocument = this.placed.get(view.analysis) ?? new Map<vscode.TextDocument, LossLens[]>();
    byDocument.set(document, lenses);
    this.placed.set(view.analysis, byDocument);
    return lenses;
  }

  resolveCodeLens(lens: LossLens): LossLens {
    if (lens.userLoss !== undefined) {
      const trusted = vscode.workspace.isTrusted;
      lens.command = {
        title: trusted ? lens.title : vscode.l10n.t('{0} (trusted workspaces only)', lens.title),
        command: CHECK_LOSS_COMMAND,
        arguments: [{ uri: lens.uri.toString(), name: lens.userLoss }],
        tooltip: trusted ? vscode.l10n.t('Run {0} in your Python: checks, its curve, the catalog losses it equals', lens.userLoss) : untrustedReason(),
      };
      return lens;
    }
    const site = lens.site;
    const action: LossAction = site
      ? { action: lens.action, lossId: site.loss.id, options: writtenOptions(site) }
      : { action: lens.action, lossId: '', options: {} };
    if (site && lens.action === 'plot' && lens.uri.scheme === 'vscode-notebook-cell') {
      lens.command = {
        title: lens.title,
        command: PLOT_IN_CELL_COMMAND,
        arguments: [lens.uri, { lossId: action.lossId, options: action.options }],
        tooltip: vscode.l10n.t('{0}: add a Loss Lab figure to this cell\'s outputs', site.loss.title),
      };
      return lens;
    }
    lens.command = {
      title: lens.title,
      command: OPEN_COMMAND,
      arguments: [action],
      tooltip: site ? `${site.loss.title}: ${lens.title.replace('…', '')}` : vscode.l10n.t('Pick a catalog loss to compare with'),
    };
    return lens;
  }
}
