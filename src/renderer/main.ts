// Notebook renderer for application/vnd.losslab.figure+json: an ES module VS Code imports once per
// notebook output webview, so plotly (bundled in) loads once however many outputs there are.
// Draws through the shared plot layer, follows the theme, and never leaves an output blank.
import type { Figure } from '../protocol/figure';
import { parseFigure } from '../protocol/figure';
import type { OpenPanelRequest } from '../protocol/rendererMessage';
import { observeTheme, purgeFigure, readTheme, renderFigure } from '../plot/render';
import type { PlotTheme } from '../plot/theme';

/** The parts of VS Code's notebook renderer API (vscode-notebook-renderer) used here. */
interface OutputItem {
  readonly id: string;
  readonly mime: string;
  json(): unknown;
}
/** What VS Code passes to activate(); postMessage exists where the front end relays messages to the
 *  extension (package.json: requiresMessaging "optional"). */
interface RendererContext {
  postMessage?(message: unknown): void;
}
interface RendererApi {
  renderOutputItem(item: OutputItem, element: HTMLElement): Promise<void>;
  disposeOutputItem(id?: string): void;
}

interface Drawn {
  plot: HTMLElement;
  figure: Figure;
}

const drawn = new Map<string, Drawn>();
let stopObserving: (() => void) | undefined;
let post: ((message: unknown) => void) | undefined;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function showError(element: HTMLElement, text: string): void {
  const box = document.createElement('div');
  box.className = 'losslab-error';
  box.setAttribute('role', 'alert');
  box.style.cssText = 'color: var(--vscode-errorForeground, #e51400); border-left: 3px solid currentColor; padding: 4px 8px; white-space: pre-wrap; font-family: var(--vscode-font-family, sans-serif);';
  box.textContent = `Loss Lab could not draw this output: ${text}`;
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
  const entry = { plot, figure };
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
function openInPanelButton(raw: unknown, send: (message: unknown) => void): HTMLElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'losslab-open-panel';
  button.textContent = 'Open in Loss Lab panel';
  button.title = 'Open this landscape in the Loss Lab landscape panel (contour or 3-D surface, export)';
  button.style.cssText = 'margin: 4px 0; padding: 2px 10px; font: inherit; color: var(--vscode-button-secondaryForeground, inherit); background: var(--vscode-button-secondaryBackground, transparent); border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, currentColor)); border-radius: 2px; cursor: pointer;';
  button.addEventListener('click', () => {
    const message: OpenPanelRequest = { v: 1, type: 'openPanel', figure: raw };
    send(message);
  });
  return button;
}

export function activate(context?: RendererContext): RendererApi {
  post = context?.postMessage?.bind(context);
  return { renderOutputItem: render, disposeOutputItem: dispose };
}
