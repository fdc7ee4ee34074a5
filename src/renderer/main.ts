// Notebook renderer for application/vnd.losslab.figure+json: an ES module VS Code imports once per
// notebook output webview, so plotly (bundled in) loads once however many outputs there are.
// Draws through the shared plot layer, follows the theme, and never leaves an output blank.
// Its text is in the display language once the extension has answered its request for
// translations (outputs drawn before then are drawn again).
import * as l10n from '@vscode/l10n';
import type { Figure } from '../protocol/figure';
import { parseFigure } from '../protocol/figure';
import { parseToRenderer, type FromRenderer } from '../protocol/rendererMessage';
import { observeTheme, purgeFigure, readTheme, renderFigure } from '../plot/render';
import type { PlotTheme } from '../plot/theme';

/** The parts of VS Code's notebook renderer API (vscode-notebook-renderer) used here. */
interface OutputItem {
  readonly id: string;
  readonly mime: string;
  json(): unknown;
}
/** What VS Code passes to activate(); postMessage and onDidReceiveMessage exist where the front end
 *  relays messages to and from the extension (package.json: requiresMessaging "optional"). */
interface RendererContext {
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
}
interface RendererApi {
  renderOutputItem(item: OutputItem, element: HTMLElement): Promise<void>;
  disposeOutputItem(id?: string): void;
}

interface Drawn {
  plot: HTMLElement;
  figure: Figure;
  /** What to render again when translations arrive. */
  item: OutputItem;
  element: HTMLElement;
}

const drawn = new Map<string, Drawn>();
let stopObserving: (() => void) | undefined;
let post: ((message: FromRenderer) => void) | undefined;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function showError(element: HTMLElement, text: string): void {
  const box = document.createElement('div');
  box.className = 'losslab-error';
  box.setAttribute('role', 'alert');
  box.style.cssText = 'color: var(--vscode-errorForeground, #e51400); border-left: 3px solid currentColor; padding: 4px 8px; white-space: pre-wrap; font-family: var(--vscode-font-family, sans-serif);';
  box.textContent = l10n.t('Loss Lab could not draw this output: {0}', text);
  element.replaceChildren(box);
}

function heightOf(figure: Figure): number {
  if (figure.kind === 'landscape' && figure.y !== undefined) return 440;
  if (figure.kind === 'explorer' && figure.showGradient !== false) return 420;
  return 360;
}

async function draw(entry: Drawn, theme: PlotTheme): Promise<void> {
  await renderFigure(entry.plot, entry.figure, theme);
}

function followTheme(): void {
  stopObserving ??= observeTheme((theme) => {
    for (const [id, entry] of drawn) {
      draw(entry, theme).catch((e: unknown) => fail(id, e));
    }
  });
}

/** A figure that passed validation but could not be drawn still says why, in place of the plot. */
function fail(id: string, e: unknown): void {
  const entry = drawn.get(id);
  if (!entry) return;
  dispose(id);
  const parent = entry.plot.parentElement;
  if (parent) showError(parent, message(e));
}

function dispose(id?: string): void {
  for (const [key, entry] of drawn) {
    if (id !== undefined && key !== id) continue;
    purgeFigure(entry.plot);
    drawn.delete(key);
  }
  if (drawn.size === 0 && stopObserving) {
    stopObserving();
    stopObserving = undefined;
  }
}

async function render(item: OutputItem, element: HTMLElement): Promise<void> {
  const started = performance.now();
  dispose(item.id);
  const raw = item.json();
  let figure: Figure;
  try {
    figure = parseFigure(raw);
  } catch (e) {
    showError(element, message(e));
    return;
  }
  const plot = document.createElement('div');
  plot.className = 'losslab-figure';
  plot.style.height = `${heightOf(figure)}px`;
  element.replaceChildren(plot);
  if (figure.kind === 'landscape' && post) element.append(openInPanelButton(raw, post));
  const entry = { plot, figure, item, element };
  drawn.set(item.id, entry);
  followTheme();
  try {
    await draw(entry, readTheme());
    // Read by the end-to-end tests to report the time to first render.
    plot.dataset.renderMs = (performance.now() - started).toFixed(1);
  } catch (e) {
    fail(item.id, e);
  }
}

/** "Open in Loss Lab panel": the extension opens the landscape panel (contour/surface, export) on it. */
function openInPanelButton(raw: unknown, send: (message: FromRenderer) => void): HTMLElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'losslab-open-panel';
  button.textContent = l10n.t('Open in Loss Lab panel');
  button.title = l10n.t('Open this landscape in the Loss Lab landscape panel (contour or 3-D surface, export)');
  button.style.cssText = 'margin: 4px 0; padding: 2px 10px; font: inherit; color: var(--vscode-button-secondaryForeground, inherit); background: var(--vscode-button-secondaryBackground, transparent); border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, currentColor)); border-radius: 2px; cursor: pointer;';
  button.addEventListener('click', () => {
    send({ v: 1, type: 'openPanel', figure: raw });
  });
  return button;
}

/** The extension's answer to the request for translations: validated, handed to @vscode/l10n,
 *  and every output drawn so far drawn again in them. The number of messages received is left on
 *  the document (data-losslab-translations) for the end-to-end tests. */
function receive(raw: unknown): void {
  let bundle;
  try {
    ({ bundle } = parseToRenderer(raw));
  } catch (e) {
    post?.({ v: 1, type: 'problem', message: `ignored a malformed message from the extension: ${message(e)}` });
    return;
  }
  const count = Object.keys(bundle).length;
  document.documentElement.dataset.losslabTranslations = String(count);
  if (count === 0) return;
  l10n.config({ contents: bundle });
  for (const { item, element } of [...drawn.values()]) void render(item, element);
}

export function activate(context?: RendererContext): RendererApi {
  post = context?.postMessage?.bind(context);
  if (post && context?.onDidReceiveMessage) {
    context.onDidReceiveMessage(receive);
    post({ v: 1, type: 'translations' });
  }
  return { renderOutputItem: render, disposeOutputItem: dispose };
}
