/** Browser side of the redraw benchmark (bundled by bench/redraw.ts): 24 runs × 2,000 steps drawn
 *  with the curves builder and the shared plotly bundle, then redrawn as a smoothing slider moves. */
import { buildCurves, defaultCurvesView } from '../src/plot/curves';
import { Plotly } from '../src/plot/plotly';
import { PLOT_CONFIG } from '../src/plot/render';
import { LIGHT_THEME } from '../src/plot/theme';
import type { CurvesFigure } from '../src/protocol/figure';

const RUNS = 24;
const STEPS = 2000;
const UPDATES = 30;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function figure(): CurvesFigure {
  return {
    version: 1, kind: 'curves', title: `${RUNS} runs × ${STEPS} steps`,
    series: Array.from({ length: RUNS }, (_, r) => {
      const u = seeded(r + 1);
      const rate = 200 + 40 * r;
      return { name: `run ${r}`, group: `lr ${r % 6}`, values: Array.from({ length: STEPS }, (_, t) => (2 * Math.exp(-t / rate) + 0.1) * (1 + 0.1 * (u() - 0.5))) };
    }),
  };
}

type Line = { x: number[]; y: (number | null)[]; customdata: (number | null)[]; hovertemplate?: string };

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

async function main(): Promise<void> {
  const el = document.getElementById('plot')!;
  const f = figure();
  const view = defaultCurvesView(f);
  let t0 = performance.now();
  let spec = buildCurves(f, LIGHT_THEME, view);
  const firstBuild = performance.now() - t0;
  await Plotly.react(el, spec.data, spec.layout, PLOT_CONFIG);
  await frame();
  const firstDraw = performance.now() - t0;
  const updates: number[] = [];
  const builds: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    t0 = performance.now();
    spec = buildCurves(f, LIGHT_THEME, { ...view, smoothing: 0.3 + (0.6 * i) / UPDATES });
    builds.push(performance.now() - t0);
    await Plotly.react(el, spec.data, spec.layout, PLOT_CONFIG);
    await frame();
    updates.push(performance.now() - t0);
  }
  // The same updates through Plotly.update: only the smoothed traces (each decimated at its own
  // extremes, so x and the hovered raw values change with y) and the y range change.
  const restyles: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    t0 = performance.now();
    const next = buildCurves(f, LIGHT_THEME, { ...view, smoothing: 0.3 + (0.6 * i) / UPDATES });
    const changed = next.data.map((t, k) => ({ t: t as Line, k })).filter(({ t }) => t.hovertemplate?.includes('smoothed'));
    await Plotly.update(el, { x: changed.map(({ t }) => t.x), y: changed.map(({ t }) => t.y), customdata: changed.map(({ t }) => t.customdata) }, { 'yaxis.range': next.layout.yaxis!.range as [number, number] }, changed.map(({ k }) => k));
    await frame();
    restyles.push(performance.now() - t0);
  }
  const traces = el.querySelectorAll('.scatterlayer .trace').length;
  const points = spec.data.reduce((n, t) => n + (t as Line).x.length, 0);
  (window as unknown as { __result: unknown }).__result = { runs: RUNS, steps: STEPS, traces, points, firstBuild, firstDraw, builds, updates, restyles };
}

main().catch((e: unknown) => {
  (window as unknown as { __result: unknown }).__result = { error: String(e) };
});
