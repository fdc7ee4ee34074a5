/** Browser side of the redraw benchmark (bundled by bench/redraw.ts): 24 runs × 2,000 steps drawn
 *  with the curves builder and the shared plotly bundle, then redrawn as a smoothing slider moves:
 *  through drawSpec as the panels do (a data-only change becomes Plotly.update), and, for
 *  comparison, through Plotly.react of the whole figure. */
import { buildCurves, defaultCurvesView } from '../src/plot/curves';
import { Plotly } from '../src/plot/plotly';
import { withHiddenGroups } from '../src/plot/legend';
import { PLOT_CONFIG, drawSpec } from '../src/plot/render';
import { LIGHT_THEME } from '../src/plot/theme';
import type { CurvesFigure } from '../src/protocol/figure';
import { seeded } from './seeded';

const RUNS = 24;
const STEPS = 2000;
const UPDATES = 60;

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

type Line = { x: number[] };

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

async function main(): Promise<void> {
  const el = document.getElementById('plot')!;
  const f = figure();
  const view = defaultCurvesView(f);
  let t0 = performance.now();
  let spec = buildCurves(f, LIGHT_THEME, view);
  const firstBuild = performance.now() - t0;
  await drawSpec(el, spec);
  await frame();
  const firstDraw = performance.now() - t0;
  // Warm plotly's code paths first, then alternate the two ways so neither gets the warmer turn.
  for (let i = 0; i < 10; i++) {
    const warm = buildCurves(f, LIGHT_THEME, { ...view, smoothing: 0.2 + i / 100 });
    const drawnAs = withHiddenGroups(warm, new Set());
    await Plotly.react(el, drawnAs.data, drawnAs.layout, PLOT_CONFIG);
    await frame();
  }
  await drawSpec(el, buildCurves(f, LIGHT_THEME, view));
  const updates: number[] = [];
  const builds: number[] = [];
  const restyles: number[] = [];
  let patched = 0;
  for (let i = 0; i < 2 * UPDATES; i++) {
    const smoothing = 0.3 + (0.6 * i) / (2 * UPDATES);
    t0 = performance.now();
    spec = buildCurves(f, LIGHT_THEME, { ...view, smoothing });
    const built = performance.now() - t0;
    if (i % 2 === 0) {
      builds.push(built);
      if ((await drawSpec(el, spec)) === 'update') patched++;
    } else {
      // As drawSpec would draw it: plotly's legend off beside the HTML one.
      const drawnAs = withHiddenGroups(spec, new Set());
      await Plotly.react(el, drawnAs.data, drawnAs.layout, PLOT_CONFIG);
    }
    await frame();
    (i % 2 === 0 ? updates : restyles).push(performance.now() - t0);
    // Untimed: let drawSpec know what is shown (from a fresh build: plotly has written into the
    // objects it drew), so its next turn is a data-only change again.
    if (i % 2 === 1) await drawSpec(el, buildCurves(f, LIGHT_THEME, { ...view, smoothing }));
  }
  const traces = el.querySelectorAll('.scatterlayer .trace').length;
  const points = spec.data.reduce((n, t) => n + (t as Line).x.length, 0);
  (window as unknown as { __result: unknown }).__result = { runs: RUNS, steps: STEPS, traces, points, firstBuild, firstDraw, builds, updates, restyles, patched };
}

main().catch((e: unknown) => {
  (window as unknown as { __result: unknown }).__result = { error: String(e) };
});
