/** The one place a Loss Lab webview panel is hosted, whatever it shows (a figure, a sweep): the
 *  panel created, or adopted after a reload, with the same options, icon and CSP'd page (html.ts);
 *  its messages both ways through a PageChannel (validated on receipt, held until the page is
 *  ready); a saved state validated before a panel is restored from it; everything released when
 *  the panel closes. */
import * as vscode from 'vscode';
import { log } from '../log';
import { panelHtml, type PageApp } from './html';
import { PageChannel, type PageProtocol, type Typed } from './pageChannel';

export interface PageHandlers<ToPage extends Typed, FromPage extends Typed> extends PageProtocol<ToPage, FromPage> {
  /** The app the page runs and the title it opens with. */
  app: PageApp;
  title: string;
  onDispose?(): void;
}

export class WebviewHost<ToPage extends Typed, FromPage extends Typed> {
  private readonly channel: PageChannel<ToPage, FromPage>;
  private readonly disposables: vscode.Disposable[] = [];

  /** A new panel beside the active editor. */
  static createPanel(context: vscode.ExtensionContext, viewType: string, title: string, preserveFocus = false): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, WebviewHost.options(context));
  }

  /** Scripts on; local resources from out/ (the bundle) and media/ only. */
  static options(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'out'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    };
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly handlers: PageHandlers<ToPage, FromPage>,
  ) {
    panel.webview.options = WebviewHost.options(context);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = panelHtml(panel.webview, context.extensionUri, handlers.title, handlers.app);
    this.channel = new PageChannel((m) => void panel.webview.postMessage(m), handlers, (line) => log().warn(line));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.channel.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The page has said ready (what is posted now reaches it at once). */
  get isReady(): boolean {
    return this.channel.isReady;
  }

  post(m: ToPage): void {
    this.channel.post(m);
  }

  private dispose(): void {
    this.handlers.onDispose?.();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Restores the panels of `viewType` after a reload: the state the page saved is validated by
 *  `parseState` before `restore` sees it; a state that does not validate goes to `unreadable`. */
export function registerPanelRestore<S>(
  viewType: string,
  parseState: (raw: unknown) => S,
  restore: (panel: vscode.WebviewPanel, state: S) => void,
  unreadable: (panel: vscode.WebviewPanel, problem: Error) => void,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, {
    async deserializeWebviewPanel(panel, raw: unknown) {
      let state: S;
      try {
        state = parseState(raw);
      } catch (e) {
        unreadable(panel, e instanceof Error ? e : new Error(String(e)));
        return;
      }
      restore(panel, state);
    },
  });
}
