/** One open figure panel (explorer, curves, landscape) on the extension side, hosted by the shared
 *  WebviewHost: the figure it shows, what its page asks for, exports through the save dialog, and
 *  what it last drew (for tests). */
import * as vscode from 'vscode';
import {
  parseToHost, type ExportDataMessage, type ExportFormat, type PanelKind, type RenderedMessage, type SaveMessage, type SeriesMessage,
  type ShowMessage, type ToHost, type ToWebview, type ViewMessage,
} from '../../protocol/panel';
import { replaceWaiting } from './pageChannel';
import { WebviewHost } from './webviewHost';

export const VIEW_TYPES: Record<PanelKind, string> = {
  explorer: 'losslab.plot',
  curves: 'losslab.curves',
  landscape: 'losslab.landscape',
};

const TITLES: Record<PanelKind, () => string> = {
  explorer: () => vscode.l10n.t('Loss Lab: Loss Explorer'),
  curves: () => vscode.l10n.t('Loss Lab: Loss Curves'),
  landscape: () => vscode.l10n.t('Loss Lab: Loss Landscape'),
};

const FILTERS: Record<ExportFormat, () => Record<string, string[]>> = {
  png: () => ({ [vscode.l10n.t('PNG image')]: ['png'] }),
  svg: () => ({ [vscode.l10n.t('SVG image')]: ['svg'] }),
  csv: () => ({ [vscode.l10n.t('CSV data')]: ['csv'] }),
  json: () => ({ [vscode.l10n.t('Loss Lab figure (JSON)')]: ['json'] }),
};

export interface PanelHandlers {
  /** Landscape panels: the page asks for a new computation. */
  onRecompute?(host: PanelHost, grid: number, directions: 'pca' | 'random'): void;
  /** Curves of training logs: the viewer chose the tags to draw. */
  onTags?(host: PanelHost, tags: string[]): void;
  /** Curves of training logs: the page's smoothing, x axis or zoom changed. */
  onView?(host: PanelHost, view: Omit<ViewMessage, 'v' | 'type'>): void;
  /** Curves of training logs: the text of an export of every point (the page holds a decimation). */
  exportData?(host: PanelHost, request: ExportDataMessage): string;
  onDispose?(host: PanelHost): void;
}

const open = new Set<PanelHost>();

/** Panels currently open, for the inspect command used by tests. */
export function openPanels(): readonly PanelHost[] {
  return [...open];
}

export class PanelHost {
  private readonly page: WebviewHost<ToWebview, ToHost>;
  private content: ShowMessage | undefined;
  lastRendered: RenderedMessage | undefined;
  lastSaved: string | undefined;
  /** How many series updates (appends, zooms) were sent since the last whole figure, for tests. */
  seriesSent = 0;
  /** Where the next export goes without asking (programmatic export). */
  private exportTarget: { uri: vscode.Uri; resolve(path: string): void; reject(e: Error): void } | undefined;

  static create(kind: PanelKind, context: vscode.ExtensionContext, handlers: PanelHandlers = {}): PanelHost {
    return new PanelHost(kind, WebviewHost.createPanel(context, VIEW_TYPES[kind], TITLES[kind]()), context, handlers);
  }

  constructor(
    readonly kind: PanelKind,
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly handlers: PanelHandlers,
  ) {
    this.page = new WebviewHost(panel, context, {
      app: 'plot',
      title: TITLES[kind](),
      name: `${kind} panel`,
      parse: parseToHost,
      onMessage: (m) => this.onMessage(m),
      // A new figure replaces the one waiting and the series updates of it.
      whileLoading: replaceWaiting('show', ['series']),
      onDispose: () => this.dispose(),
    });
    open.add(this);
  }

  get origin(): Record<string, unknown> | undefined {
    return this.content?.origin;
  }

  /** The notes shown under the plot. */
  get info(): readonly string[] {
    return this.content?.info ?? [];
  }

  /** Shows a figure (now, or as soon as the page is ready). */
  show(message: Omit<ShowMessage, 'v' | 'type'>): void {
    this.content = { v: 1, type: 'show', ...message };
    this.seriesSent = 0;
    if (message.figure.title) this.panel.title = vscode.l10n.t('Loss Lab: {0}', message.figure.title).slice(0, 80);
    this.send(this.content);
  }

  /** New decimations of some series of the figure shown. */
  updateSeries(series: SeriesMessage['series']): void {
    this.seriesSent++;
    this.send({ v: 1, type: 'series', series });
  }

  progress(message: string): void {
    this.send({ v: 1, type: 'progress', message });
  }

  problem(message: string): void {
    this.send({ v: 1, type: 'problem', message });
  }

  /** Exports to `uri` without a dialog; resolves with the written path. */
  exportTo(format: ExportFormat, uri: vscode.Uri): Promise<string> {
    return new Promise((resolve, reject) => {
      this.exportTarget?.reject(new Error('superseded by another export'));
      this.exportTarget = { uri, resolve, reject };
      this.send({ v: 1, type: 'export', format });
    });
  }

  private send(m: ToWebview): void {
    this.page.post(m);
  }

  private async onMessage(m: Exclude<ToHost, { type: 'ready' | 'problem' }>): Promise<void> {
    switch (m.type) {
      case 'rendered':
        this.lastRendered = m;
        return;
      case 'recompute':
        this.handlers.onRecompute?.(this, m.grid, m.directions);
        return;
      case 'tags':
        this.handlers.onTags?.(this, m.tags);
        return;
      case 'view':
        this.handlers.onView?.(this, { smoothing: m.smoothing, xAxis: m.xAxis, xRange: m.xRange, ...(m.width === undefined ? {} : { width: m.width }) });
        return;
      case 'exportData': {
        let data: string;
        try {
          if (!this.handlers.exportData) throw new Error(`a ${this.kind} panel exports its data from the page`);
          data = this.handlers.exportData(this, m);
        } catch (e) {
          this.exportFailed(e as Error);
          return;
        }
        await this.save({ v: 1, type: 'save', format: m.format, data, name: m.name });
        return;
      }
      case 'save':
        await this.save(m);
        return;
    }
  }

  private async save(m: SaveMessage): Promise<void> {
    const target = this.exportTarget;
    this.exportTarget = undefined;
    try {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = target?.uri ?? (await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, m.name) } : {}),
        filters: FILTERS[m.format](),
        saveLabel: vscode.l10n.t('Export'),
        title: vscode.l10n.t('Export {0}', m.format.toUpperCase()),
      }));
      if (!uri) return;
      await vscode.workspace.fs.writeFile(uri, exportBytes(m));
      this.lastSaved = uri.fsPath;
      this.send({ v: 1, type: 'saved', path: uri.fsPath });
      target?.resolve(uri.fsPath);
    } catch (e) {
      this.exportFailed(e as Error, target);
    }
  }

  private exportFailed(e: Error, target = this.exportTarget): void {
    if (target === this.exportTarget) this.exportTarget = undefined;
    const message = vscode.l10n.t('Loss Lab: could not export: {0}', e.message);
    target?.reject(new Error(message));
    if (!target) void vscode.window.showErrorMessage(message);
  }

  private dispose(): void {
    open.delete(this);
    this.handlers.onDispose?.(this);
    this.exportTarget?.reject(new Error('the panel was closed'));
  }
}

/** The file bytes of an export: base64 or URL-encoded data: URLs for images, text otherwise. */
export function exportBytes(m: Pick<SaveMessage, 'format' | 'data'>): Uint8Array {
  if (m.format === 'png' || m.format === 'svg') {
    const comma = m.data.indexOf(',');
    const meta = m.data.slice(0, comma);
    const body = m.data.slice(comma + 1);
    return meta.endsWith(';base64') ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'utf8');
  }
  return Buffer.from(m.data, 'utf8');
}
