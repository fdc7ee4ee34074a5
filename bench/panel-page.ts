/** Browser side of the panel bench (bundled by bench/panel.ts). window.__bench exposes:
 *  - ours: the page's part of the runs panel as built: a host message (JSON text, as it crosses
 *    postMessage) validated, the series replaced or the figure shown, curves built, drawn, one frame;
 *  - old: what the panel did before, every point in the figure: the figure validated as it was on
 *    receipt (parseFigure), curves built (decimated in the page), drawn, one frame; a live append
 *    sent the whole figure again;
 *  - raw: plotly given every point, un-decimated: Plotly.react, then Plotly.extendTraces for an append. */
import { buildCurves, defaultCurvesView } from '../src/plot/curves';
import { Plotly } from '../src/plot/plotly';
import { drawSpec, purgeFigure } from '../src/plot/render';
import { LIGHT_THEME } from '../src/plot/theme';
import { parseFigure, type CurveSeries, type CurvesFigure } from '../src/protocol/figure';
import { parseToWebview } from '../src/protocol/panel';
import { APPEND, POINTS, RUNS, benchRun } from './panel-data';

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
const plot = (): HTMLElement => document.getElementById('plot')!;

let shown: CurvesFigure | undefined;

/** Time spent in the last draw's parts. */
const parts = { build: 0, plotly: 0, frame: 0 };

async function draw(figure: CurvesFigure): Promise<number> {
  let t = performance.now();
  const spec = buildCurves(figure, LIGHT_THEME, defaultCurvesView(figure));
  parts.build = performance.now() - t;
  t = performance.now();
  await drawSpec(plot(), spec);
  parts.plotly = performance.now() - t;
  t = performance.now();
  await frame();
  parts.frame = performance.now() - t;
  return spec.data.reduce((n, t) => n + ((t as { x?: unknown[] }).x?.length ?? 0), 0);
}

/** The old panel's figure: every point of every run (as runsFigure sent it). */
function fullFigure(lengths: number[]): CurvesFigure {
  return {
    version: 1, kind: 'curves', title: `${RUNS} runs`,
    series: lengths.map((n, r): CurveSeries => {
      const run = benchRun(r, n);
      return { name: `runs/run${r}`, values: Array.from(run.value), steps: Array.from(run.step), split: 'train', group: `run${r}`, anomalies: [] };
    }),
  };
}

const bench = {
  async oursShow(json: string): Promise<{ ms: number; drawnPoints: number }> {
    const t0 = performance.now();
    const m = parseToWebview(JSON.parse(json));
    if (m.type !== 'show' || m.figure.kind !== 'curves') throw new Error('expected a curves figure');
    shown = m.figure;
    const drawnPoints = await draw(shown);
    return { ms: performance.now() - t0, drawnPoints, ...parts };
  },
  async oursSeries(json: string): Promise<{ ms: number }> {
    const t0 = performance.now();
    const m = parseToWebview(JSON.parse(json));
    if (m.type !== 'series' || !shown) throw new Error('expected a series update of a shown figure');
    const series = [...shown.series];
    for (const u of m.series) series[u.index] = u.series;
    shown = { ...shown, series };
    await draw(shown);
    return { ms: performance.now() - t0, ...parts };
  },
  async oldShow(lengths: number[]): Promise<{ ms: number; drawnPoints: number }> {
    // Generated here, untimed: the old panel also paid for sending 10 million points, not counted.
    const figure = fullFigure(lengths);
    const t0 = performance.now();
    const parsed = parseFigure(figure) as CurvesFigure;
    const drawnPoints = await draw(parsed);
    return { ms: performance.now() - t0, drawnPoints, ...parts };
  },
  async rawShow(): Promise<{ ms: number }> {
    const data = Array.from({ length: RUNS }, (_, r) => {
      const run = benchRun(r, POINTS);
      return { type: 'scatter' as const, mode: 'lines' as const, x: Array.from(run.step), y: Array.from(run.value), name: `run${r}` };
    });
    const t0 = performance.now();
    await Plotly.react(plot(), data, { width: 1200, height: 700 }, { responsive: false });
    await frame();
    return { ms: performance.now() - t0 };
  },
  async rawAppend(r: number, from: number): Promise<{ ms: number }> {
    const run = benchRun(r, from + APPEND);
    const t0 = performance.now();
    await Plotly.extendTraces(plot(), { x: [Array.from(run.step.subarray(from))], y: [Array.from(run.value.subarray(from))] }, [r]);
    await frame();
    return { ms: performance.now() - t0 };
  },
  reset(): void {
    purgeFigure(plot());
    shown = undefined;
  },
};

(window as unknown as { __bench: typeof bench }).__bench = bench;
