/** Panel bench: the runs panel's first draw of 100 runs × 100,000 points and a live append (100
 *  points added to one run), in headless Chromium with the panel's plotly bundle, against two
 *  peers in the same run: the panel as it was (every point sent, validated and decimated in the
 *  page; an append re-sent the whole figure) and plotly given every point un-decimated
 *  (Plotly.react, then Plotly.extendTraces). Ours is timed end to end: the host's decimation of
 *  the store's series (drawn.ts, in this Node process), the message as JSON text, its trip into the
 *  page, validation, curves built, drawn, one frame. Targets (issue #15): first draw < 1 s, live
 *  append redrawn < 100 ms.
 *  Run: npx tsx bench/panel.ts [--appends 10] [--no-raw]   (writes bench/results/panel-<time>.json) */
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_RUNS_VIEW, SeriesDrawing } from '../src/extension/logs/drawn';
import { runColumns } from '../src/plot/decimate';
import type { CurvesFigure } from '../src/protocol/figure';
import type { SeriesMessage, ShowMessage } from '../src/protocol/panel';
import { launchChromium } from '../scripts/vscode.mjs';
import { APPEND, POINTS, RUNS, benchRun } from './panel-data';
import { hasFlag, median, numberFlag } from './args';

const ROOT = join(__dirname, '..');
const APPENDS = numberFlag('--appends', 10);
/** The run that grows. */
const LIVE = 37;

type Bench = Record<string, (...args: never[]) => Promise<unknown> | void>;

async function inPage<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return (await page.evaluate(async ([m, a]) => (await (window as unknown as { __bench: Bench }).__bench[m]!(...(a as never[]))) ?? null, [method, args] as const)) as T;
}

/** As the panel keeps them (panel.ts): one drawing per series, which a live append brings up to date. */
const seriesOf = (drawing: SeriesDrawing, run: ReturnType<typeof benchRun>, r: number) => drawing.update({ ...run, wallTime: null, restarts: [] }, { name: `runs/run${r}`, split: 'train', group: `run${r}`, anomalies: [] });

class Done extends Error {}

async function main(): Promise<void> {
  const bundle = await esbuild.build({
    entryPoints: [join(ROOT, 'bench', 'panel-page.ts')], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'es2022', define: { global: 'globalThis' }, minify: true, logLevel: 'error', outdir: join(tmpdir(), 'losslab-panel-bundle'),
  });
  const js = bundle.outputFiles.find((f) => f.path.endsWith('.js'))!;
  // The store: every point of every run, in typed arrays (generated untimed).
  const browser = await launchChromium(mkdtempSync(join(tmpdir(), 'losslab-panel-')));
  const results: Record<string, unknown> = { runs: RUNS, points: POINTS, append: APPEND, load_before: loadavg() };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent('<!DOCTYPE html><html><body style="margin:0"><div id="plot" style="width:1200px;height:700px"></div></body></html>');
    await page.addScriptTag({ content: js.text });
    const columns = runColumns(RUNS);

    // Ours, first draw: host decimation + message + page.
    const store = Array.from({ length: RUNS }, (_, r) => benchRun(r, POINTS));
    let t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const drawings = store.map(() => new SeriesDrawing(DEFAULT_RUNS_VIEW, columns));
    const series = store.map((run, r) => seriesOf(drawings[r]!, run, r));
    const hostMs = performance.now() - t0;
    const hostCpu = process.cpuUsage(cpu0);
    const figure: CurvesFigure = { version: 1, kind: 'curves', title: `${RUNS} runs`, series, smoothing: DEFAULT_RUNS_VIEW.smoothing, xAxis: 'step' };
    const show: ShowMessage = { v: 1, type: 'show', figure, tags: { all: ['loss'], shown: ['loss'] }, origin: { logs: true } };
    const json = JSON.stringify(show);
    const page0 = await inPage<{ ms: number; drawnPoints: number }>(page, 'oursShow', json);
    const first = performance.now() - t0;
    results.ours_first = { end_to_end_ms: first, host_ms: hostMs, host_cpu_ms: (hostCpu.user + hostCpu.system) / 1000, page_ms: page0.ms, page_parts: page0, message_bytes: json.length, drawn_points: page0.drawnPoints };

    // Ours, live appends: the appended points of the grown run decimated, the run sent alone, drawn.
    const appendTimes: number[] = [];
    const parts: unknown[] = [];
    const pageAppend: number[] = [];
    let n = POINTS;
    for (let k = 0; k < APPENDS; k++) {
      const grown = benchRun(LIVE, n + APPEND);
      n += APPEND;
      t0 = performance.now();
      const s = seriesOf(drawings[LIVE]!, grown, LIVE);
      const m: SeriesMessage = { v: 1, type: 'series', series: [{ index: LIVE, series: s }] };
      const r = await inPage<{ ms: number }>(page, 'oursSeries', JSON.stringify(m));
      appendTimes.push(performance.now() - t0);
      pageAppend.push(r.ms);
      parts.push(r);
    }
    results.ours_append = { end_to_end_ms: median(appendTimes), page_ms: median(pageAppend), all_ms: appendTimes, page_parts: parts };
    await inPage(page, 'reset');

    // Peer 1: the panel as it was.
    const lengths = Array.from({ length: RUNS }, () => POINTS);
    const old = await inPage<{ ms: number; drawnPoints: number }>(page, 'oldShow', lengths);
    lengths[LIVE]! += APPEND;
    const oldAppend = await inPage<{ ms: number }>(page, 'oldShow', lengths);
    results.old = { first_ms: old.ms, append_ms: oldAppend.ms, drawn_points: old.drawnPoints, note: 'page only: sending every point into the page is not counted' };
    await inPage(page, 'reset');

    // Peer 2: plotly with every point.
    if (hasFlag('--ours-only')) throw new Done();
    if (!hasFlag('--no-raw')) {
      const raw = await inPage<{ ms: number }>(page, 'rawShow');
      const rawAppends: number[] = [];
      for (let k = 0; k < Math.min(3, APPENDS); k++) rawAppends.push((await inPage<{ ms: number }>(page, 'rawAppend', LIVE, POINTS + k * APPEND)).ms);
      results.raw = { first_ms: raw.ms, append_ms: median(rawAppends) };
      await inPage(page, 'reset');
    }
  } catch (e) {
    if (!(e instanceof Done)) throw e;
  } finally {
    await browser.close();
  }
  if (hasFlag('--ours-only')) {
    console.log(JSON.stringify(results, null, 1));
    return;
  }
  results.load_after = loadavg();
  results.cores = availableParallelism();
  const f = results.ours_first as { end_to_end_ms: number; host_ms: number; page_ms: number; message_bytes: number; drawn_points: number };
  const a = results.ours_append as { end_to_end_ms: number; page_ms: number };
  const o = results.old as { first_ms: number; append_ms: number };
  const raw = results.raw as { first_ms: number; append_ms: number } | undefined;
  const ms = (v: number): string => `${v.toFixed(0)} ms`;
  console.log(`${RUNS} runs × ${POINTS.toLocaleString('en-US')} points; live append: ${APPEND} points to one run (median of ${APPENDS})`);
  console.log(`| | first draw | live append |`);
  console.log(`|---|---|---|`);
  console.log(`| ours (host decimation → page), end to end | ${ms(f.end_to_end_ms)} (host ${ms(f.host_ms)}, page ${ms(f.page_ms)}, ${(f.message_bytes / 1e6).toFixed(1)} MB message, ${f.drawn_points.toLocaleString('en-US')} points drawn) | ${ms(a.end_to_end_ms)} (page ${ms(a.page_ms)}) |`);
  console.log(`| the panel before (every point to the page; page time only) | ${ms(o.first_ms)} | ${ms(o.append_ms)} (whole figure again) |`);
  if (raw) console.log(`| plotly, every point un-decimated | ${ms(raw.first_ms)} | ${ms(raw.append_ms)} (extendTraces) |`);
  console.log(`ratios: first draw ${(o.first_ms / f.end_to_end_ms).toFixed(1)}× faster than before${raw ? `, ${(raw.first_ms / f.end_to_end_ms).toFixed(1)}× than raw plotly` : ''}; append ${(o.append_ms / a.end_to_end_ms).toFixed(1)}× faster than before${raw ? `, ${(raw.append_ms / a.end_to_end_ms).toFixed(1)}× than raw plotly` : ''}`);
  console.log(`targets: first draw < 1 s: ${f.end_to_end_ms < 1000 ? 'met' : 'NOT met'}; append < 100 ms: ${a.end_to_end_ms < 100 ? 'met' : 'NOT met'}`);
  console.log(`(load average ${(results.load_before as number[]).map((l) => l.toFixed(1)).join(' ')} before, ${(results.load_after as number[]).map((l) => l.toFixed(1)).join(' ')} after, on ${availableParallelism()} cores)`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const out = join(ROOT, 'bench', 'results', `panel-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
