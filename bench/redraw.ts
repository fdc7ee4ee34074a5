/** Redraw benchmark: 24 runs × 2,000-step loss curves (raw + smoothed + warnings) in headless
 *  Chromium with the partial plotly bundle; times the first draw and 60 updates of the smoothing
 *  weight (curves rebuilt + drawSpec, as the panels draw, + one animation frame), and the same
 *  updates through Plotly.react of the whole figure.
 *  Run: npx tsx bench/redraw.ts   (writes bench/results/redraw-<time>.json) */
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../scripts/vscode.mjs';
import { median } from './args';

const ROOT = join(__dirname, '..');

function stats(v: number[]): { median: number; p95: number; max: number } {
  const s = [...v].sort((a, b) => a - b);
  return { median: median(s), p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!, max: s[s.length - 1]! };
}

async function main(): Promise<void> {
  const bundle = await esbuild.build({
    entryPoints: [join(ROOT, 'bench', 'redraw-page.ts')], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'es2022', define: { global: 'globalThis' }, minify: true, logLevel: 'error', outdir: join(tmpdir(), 'losslab-redraw-bundle'),
  });
  // plotly's CSS comes out as a second file; its rules are injected by plotly itself at run time.
  const js = bundle.outputFiles.find((f) => f.path.endsWith('.js'))!;
  const browser = await launchChromium(mkdtempSync(join(tmpdir(), 'losslab-redraw-')));
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent('<!DOCTYPE html><html><body style="margin:0"><div id="plot" style="width:1200px;height:700px"></div></body></html>');
    await page.addScriptTag({ content: js.text });
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 300_000 });
    const r = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as {
      error?: string; runs: number; steps: number; traces: number; points: number; firstBuild: number; firstDraw: number; builds: number[]; updates: number[]; restyles: number[]; patched: number;
    };
    if (r.error) throw new Error(r.error);
    const u = stats(r.updates);
    const b = stats(r.builds);
    console.log(`${r.runs} runs × ${r.steps} steps, ${r.traces} traces drawn, ${r.points} points sent to plotly`);
    console.log(`first draw (incl. spike/NaN detection for every run): ${r.firstDraw.toFixed(0)} ms (build ${r.firstBuild.toFixed(0)} ms)`);
    console.log(`update (new smoothing → rebuild + drawSpec + frame): median ${u.median.toFixed(1)} ms, p95 ${u.p95.toFixed(1)} ms, max ${u.max.toFixed(1)} ms over ${r.updates.length} (${r.patched} as data-only Plotly.update)`);
    console.log(`  of which rebuilding the figure: median ${b.median.toFixed(1)} ms`);
    const rs = stats(r.restyles);
    console.log(`the same through Plotly.react of the whole figure: median ${rs.median.toFixed(1)} ms, p95 ${rs.p95.toFixed(1)} ms`);
    console.log(`  (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores)`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const out = join(ROOT, 'bench', 'results', `redraw-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify({ ...r, load_average: loadavg(), update_ms: u, build_ms: b, restyle_ms: stats(r.restyles) }, null, 2));
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
