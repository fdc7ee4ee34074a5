/** The data behind a figure as CSV (one table per figure kind) for "Export data". */
import type { CurvesFigure, ExplorerFigure, Figure, LandscapeFigure } from '../protocol/figure';
import { smooth } from '../engine/curves/smooth';
import { csvText, type CsvCell } from '../engine/data/csvWrite';
import { explorerData } from './explorerData';

function table(header: string[], rows: CsvCell[][]): string {
  return csvText([header, ...rows]);
}

/** Long format: series, split, step, wall_time, value, smoothed. */
function curvesCsv(f: CurvesFigure, smoothing: number): string {
  const rows = f.series.flatMap((s) => {
    const sm = smoothing > 0 ? smooth(s.values, smoothing) : s.values;
    return s.values.map((v, i) => [s.name, s.split ?? 'train', s.steps?.[i] ?? i, s.wallTime?.[i], v, sm[i]]);
  });
  return table(['series', 'split', 'step', 'wall_time', 'value', 'smoothed'], rows);
}

/** 1-D: alpha, loss; 2-D: x, y, loss (one row per grid point). */
function landscapeCsv(f: LandscapeFigure): string {
  if (f.y === undefined) return table(['alpha', 'loss'], (f.z as number[]).map((z, i) => [f.x[i], z]));
  const z = f.z as number[][];
  return table(['x', 'y', 'loss'], f.y.flatMap((y, j) => f.x.map((x, i) => [x, y, z[j]![i]])));
}

/** x, then loss and gradient per loss. */
function explorerCsv(f: ExplorerFigure): string {
  const d = explorerData({ losses: f.losses, target: f.target, range: f.range });
  const ok = d.series.filter((s) => !s.error);
  return table(
    [d.axis.replace(/ /g, '_'), ...ok.flatMap((s) => [`${s.id}_loss`, `${s.id}_gradient`])],
    d.x.map((x, i) => [x, ...ok.flatMap((s) => [s.loss[i], s.gradient[i]])]),
  );
}

export function figureCsv(figure: Figure, smoothing = 0): string {
  switch (figure.kind) {
    case 'curves': return curvesCsv(figure, smoothing);
    case 'landscape': return landscapeCsv(figure);
    case 'explorer': return explorerCsv(figure);
  }
}

/** The figure payload itself, with NaN/inf spelled the way parseFigure reads them back. */
export function figureJson(figure: Figure): string {
  return JSON.stringify(figure, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf') : v), 2) + '\n';
}
