// Browser code of the plot panel: reads the figure embedded by the extension, validates it and
// draws it with the shared partial plotly bundle.
import './styleNonce';
import { Plotly } from '../plot/plotly';
import { parseFigure } from '../protocol/figure';

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function draw(root: HTMLElement): void {
  const source = document.getElementById('figure')?.textContent ?? 'null';
  const figure = parseFigure(JSON.parse(source));
  if (figure.kind !== 'curves') throw new Error(`this panel draws curves, not ${figure.kind}`);
  const fg = themeColor('--vscode-editor-foreground', '#333');
  void Plotly.newPlot(
    root,
    figure.series.map((s) => ({ type: 'scatter', mode: 'lines', name: s.name, x: s.steps ?? s.values.map((_, i) => i), y: s.values })),
    {
      title: { text: figure.title ?? '' },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { color: fg },
      margin: { t: 48, r: 24, b: 40, l: 56 },
    },
    { responsive: true, displaylogo: false },
  );
}

const root = document.getElementById('plot');
if (root) {
  try {
    draw(root);
  } catch (e) {
    root.textContent = `Loss Lab could not draw this figure: ${e instanceof Error ? e.message : String(e)}`;
  }
}
