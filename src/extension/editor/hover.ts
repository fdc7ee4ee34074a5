import * as vscode from 'vscode';
import { hoveredSiteAt, userLossAt } from '../../analysis/analyze';
import { commandArgs, siteHover, userLossHover } from '../../analysis/hover';
import type { LossSite } from '../../analysis/model';
import { CHECK_LOSS_COMMAND } from '../checkLoss/feature';
import { lastRunSummary } from '../checkLoss/lastRuns';
import { commandLink, OPEN_COMMAND } from './commands';
import { timedProvider } from './latency';
import { offsetOf, rangeIn, type Views } from './views';
import { setting } from '../config';

/** Hover markdown per site object: a site lives as long as its document version. */
const rendered = new WeakMap<LossSite, string>();

export function hoverProvider(views: Views): vscode.HoverProvider {
  return {
    provideHover(document, position) {
      return timedProvider('hover', () => hoverAt(views, document, position));
    },
  };
}

async function hoverAt(views: Views, document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
  await views.ready;
  if (!setting('hover.enabled', document)) return undefined;
  // Right after an edit, a hover away from it is answered from the previous analysis moved past the edit.
  const view = views.quickView(document, document.offsetAt(position));
  if (!view) return undefined;
  const offset = offsetOf(view, document, position);
  const site = hoveredSiteAt(view.analysis, offset);
  const markdown = (value: string) => {
    const md = new vscode.MarkdownString(value);
    md.isTrusted = { enabledCommands: [OPEN_COMMAND, CHECK_LOSS_COMMAND] };
    return md;
  };
  if (site) {
    let value = rendered.get(site);
    if (value === undefined) {
      value = siteHover(site, view.analysis.findings.filter((f) => f.siteId === site.id), commandLink);
      rendered.set(site, value);
    }
    const invoked = view.analysis.invocations.find((i) => i.siteId === site.id && offset >= i.calleeSpan.start && offset <= i.calleeSpan.end);
    const range = rangeIn(view, document, invoked?.calleeSpan ?? site.calleeSpan);
    return new vscode.Hover(markdown(value), range);
  }
  const user = userLossAt(view.analysis, offset);
  if (user) {
    return new vscode.Hover(
      markdown(userLossHover(
        user,
        (label) => commandLink(label, { action: 'compare', lossId: '', options: {} }),
        `[Check loss…](command:${CHECK_LOSS_COMMAND}?${commandArgs([{ uri: document.uri.toString(), name: user.name }])})`,
        lastRunSummary(document.uri, user.name),
      )),
      rangeIn(view, document, user.nameSpan),
    );
  }
  return undefined;
}
