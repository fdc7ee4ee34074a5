/** The sweep panel's results table without the DOM: column definitions, cell text and row order. */
import * as l10n from '@vscode/l10n';
import type { SortDir, SortKey, SweepRun, SweepSnapshot } from '../protocol/sweepPanel';

export interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
}

export function columns(s: SweepSnapshot): Column[] {
  return [
    { key: 'loss', label: l10n.t('loss'), numeric: false },
    { key: 'optimizer', label: l10n.t('optimiser'), numeric: false },
    { key: 'lr', label: 'lr', numeric: true },
    { key: 'seed', label: l10n.t('seed'), numeric: true },
    { key: 'train', label: l10n.t('final train loss'), numeric: true },
    { key: 'val', label: l10n.t('final val loss'), numeric: true },
    { key: 'metric', label: s.metric.name, numeric: true },
    { key: 'time', label: l10n.t('time'), numeric: true },
    { key: 'status', label: l10n.t('status'), numeric: false },
  ];
}

function value(r: SweepRun, key: SortKey): string | number | null {
  switch (key) {
    case 'loss': return r.loss;
    case 'optimizer': return r.optimizer;
    case 'lr': return r.lr;
    case 'seed': return r.seed;
    case 'train': return r.train_loss;
    case 'val': return r.val_loss;
    case 'metric': return r.metric;
    case 'time': return r.ms;
    case 'status': return r.status;
  }
}

/** Run indices in table order: by `key` (missing values last either way), ties by run index. */
export function sortOrder(runs: readonly SweepRun[], sort: { key: SortKey; dir: SortDir } | null): number[] {
  const order = runs.map((_, i) => i);
  if (!sort) return order;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return order.sort((a, b) => {
    const x = value(runs[a]!, sort.key);
    const y = value(runs[b]!, sort.key);
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a - b;
  });
}

function num(v: number | null): string {
  return v === null ? '–' : Number(v.toPrecision(4)).toString();
}

function time(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A run's status as the table says it (a function per status: l10n.t must run after the page's
 *  translations are loaded, not when this module is). */
const STATUS_TEXT: Record<SweepRun['status'], () => string> = {
  queued: () => l10n.t('queued'),
  running: () => l10n.t('running'),
  ok: () => l10n.t('ok'),
  failed: () => l10n.t('failed'),
  cancelled: () => l10n.t('cancelled'),
};

export const statusText = (status: SweepRun['status']): string => STATUS_TEXT[status]();

/** The text of each cell of a run's row, in column order. */
export function cells(r: SweepRun, s: SweepSnapshot, index: number): string[] {
  const status = r.status === 'failed' ? l10n.t('failed: {0}', r.error ?? l10n.t('unknown reason'))
    : r.status === 'cancelled' && r.train.length > 0 ? l10n.t('cancelled after {0} steps', r.train.length) : statusText(r.status);
  return [
    r.loss, r.optimizer, String(r.lr), String(r.seed), num(r.train_loss), num(r.val_loss), num(r.metric), time(r.ms),
    index === s.best ? l10n.t('{0} ★ best', status) : status,
  ];
}
