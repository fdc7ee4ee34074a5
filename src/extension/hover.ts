import * as vscode from 'vscode';
import { LOSSES, allSpellings, type LossSpec } from '../engine/catalog';
import type { Feature } from './feature';

/** The catalog loss a Python identifier names: the last segment of a PyTorch/Keras/... spelling
 *  ("MSELoss", "mse_loss"), or a loss id itself (ids are PyTorch's functional names). */
export function lossForWord(word: string): LossSpec | undefined {
  const spelled = allSpellings().find((m) => m.spelling.kind !== 'string' && m.spelling.name.split('.').pop() === word);
  return spelled?.loss ?? LOSSES.find((l) => l.id === word);
}

export function hoverMarkdown(loss: LossSpec): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${loss.title}** — Loss Lab\n\n`);
  if (loss.summary) md.appendMarkdown(`${loss.summary}\n\n`);
  if (loss.formula.unicode) md.appendCodeblock(loss.formula.unicode, 'text');
  return md;
}

/** Minimal loss hover for Python (replaced by the full hover feature). */
export const hoverFeature: Feature = {
  name: 'hover',
  activate(context) {
    const provider: vscode.HoverProvider = {
      provideHover(document, position) {
        if (!vscode.workspace.getConfiguration('losslab', document).get<boolean>('hover.enabled', true)) return undefined;
        const range = document.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
        if (!range) return undefined;
        const loss = lossForWord(document.getText(range));
        return loss ? new vscode.Hover(hoverMarkdown(loss), range) : undefined;
      },
    };
    context.subscriptions.push(vscode.languages.registerHoverProvider({ language: 'python' }, provider));
  },
};
