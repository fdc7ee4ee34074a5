import type * as vscode from 'vscode';

/** One area of the extension (hover, sweeps, panels, ...). `activate` registers its providers and
 *  commands on `context.subscriptions`; a failure in one feature does not stop the others. */
export interface Feature {
  name: string;
  activate(context: vscode.ExtensionContext): void | Promise<void>;
}
