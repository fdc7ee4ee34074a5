// Notebook renderer for application/vnd.losslab.figure+json (an ES module VS Code imports in the
// notebook's output webview). Draws with the same partial plotly bundle as the panels.
import { Plotly } from '../plot/plotly';
import { parseFigure } from '../protocol/figure';

/** The parts of VS Code's notebook renderer API used here (vscode-notebook-renderer). */
interface OutputItem {
  id: string;
  mime: string;
  json(): unknown;
}
interface RendererApi {
  renderOutputItem(item: OutputItem, element: HTMLElement): void;
  disposeOutputItem(id?: string): void;
}

const drawn = new Map<string, HTMLElement>();

function render(item: OutputItem, element: HTMLElement): void {
  element.replaceChildren();
  try {
    const figure = parseFigure(item.json());
    if (figure.kind !== 'curves') {
      element.textContent = `Loss Lab: ${figure.kind} figures are not drawn by this version yet.`;
      return;
    }
    const plot = document.createElement('div');
    plot.className = 'losslab-figure';
    plot.style.height = '360px';
    element.append(plot);
    const fg = getComputedStyle(document.body).getPropertyValue('--vscode-editor-foreground').trim() || '#333';
    void Plotly.newPlot(
      plot,
      figure.series.map((s) => ({
        type: 'scatter', mode: 'lines', name: s.name, x: s.steps ?? s.values.map((_, i) => i), y: s.values,
        line: { dash: s.split === 'val' ? 'dash' : 'solid' },
      })),
      { title: { text: figure.title ?? '' }, paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { color: fg }, margin: { t: 48, r: 24, b: 40, l: 56 } },
      { responsive: true, displaylogo: false },
    );
    drawn.set(item.id, plot);
  } catch (e) {
    element.textContent = `Loss Lab could not draw this output: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export function activate(): RendererApi {
  return {
    renderOutputItem: render,
    disposeOutputItem(id) {
      for (const [key, plot] of drawn) {
        if (id !== undefined && key !== id) continue;
        Plotly.purge(plot);
        drawn.delete(key);
      }
    },
  };
}
