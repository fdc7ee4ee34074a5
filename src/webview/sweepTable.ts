/** The sweep panel's results table: one row per run, headers sort on click or Enter/Space (again
 *  to reverse), the best run highlighted, failures with their reason, pitfall flags marked, and a
 *  Cancel button on each run still queued or running. */
import * as l10n from '@vscode/l10n';
import type { SortKey, SweepRun, SweepSnapshot, SweepView } from '../protocol/sweepPanel';
import { el } from './controls';
import { cells, columns, sortOrder } from './sweepRows';

const CSS = `
#runs { flex: 0 1 auto; max-height: 40vh; overflow: auto; padding: 0 10px; }
#runs table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
#runs th, #runs td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #8884)); white-space: nowrap; }
#runs td.num, #runs th.num { text-align: right; }
#runs th { position: sticky; top: 0; background: var(--vscode-editor-background); cursor: pointer; user-select: none; }
#runs th[aria-sort=ascending]::after { content: ' ▲'; }
#runs th[aria-sort=descending]::after { content: ' ▼'; }
#runs tr.best td { background: var(--vscode-list-activeSelectionBackground, #0060c040); color: var(--vscode-list-activeSelectionForeground, inherit); font-weight: bold; outline: 1px solid var(--vscode-contrastActiveBorder, transparent); }
#runs tr.failed td { color: var(--vscode-errorForeground); }
#runs td.status, #runs td.loss { white-space: normal; min-width: 12em; }
#runs .flag { color: var(--vscode-editorWarning-foreground, #cca700); }
#runs tr.best .flag { color: inherit; }
#runs tr.cancelled td { color: var(--vscode-descriptionForeground); }
#runs button.cancel-run { margin-left: 8px; padding: 0 6px; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); cursor: pointer; }
#runs button.cancel-run:hover { background: var(--vscode-button-secondaryHoverBackground); }
#runs button.cancel-run:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
`;

export class SweepTable {
  readonly element: HTMLElement;
  private readonly thead = el('thead');
  private readonly tbody = el('tbody');
  private headerKeys = '';

  constructor(
    private readonly onSort: (sort: SweepView['sort']) => void,
    private readonly onCancelRun: (index: number) => void,
  ) {
    document.head.append(el('style', {}, CSS));
    this.element = el('div', { id: 'runs' }, el('table', { 'aria-label': l10n.t('Runs of the sweep') }, this.thead, this.tbody));
  }

  /** Draws the rows in the requested order; returns that order (run indices). */
  render(s: SweepSnapshot, sort: SweepView['sort']): number[] {
    const cols = columns(s);
    const keys = cols.map((c) => c.label).join('|');
    if (keys !== this.headerKeys) {
      this.headerKeys = keys;
      this.thead.replaceChildren(el('tr', {}, ...cols.map((c) => this.header(c.key, c.label, c.numeric, sort))));
    }
    for (const th of Array.from(this.thead.querySelectorAll('th'))) {
      const key = th.dataset.key;
      th.setAttribute('aria-sort', sort && sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      th.onclick = () => this.toggle(key as SortKey, sort);
      th.onkeydown = (e: KeyboardEvent) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        this.toggle(key as SortKey, sort);
      };
    }
    const order = sortOrder(s.runs, sort);
    // Rows are redrawn as the sweep streams: a focused Cancel button keeps the focus.
    const focused = document.activeElement instanceof HTMLButtonElement && this.tbody.contains(document.activeElement) ? document.activeElement.dataset.index : undefined;
    this.tbody.replaceChildren(...order.map((i) => {
      const r = s.runs[i]!;
      const text = cells(r, s, i);
      const tds = text.map((t, c) => el('td', cols[c]!.numeric ? { class: 'num' } : {}, t));
      tds[tds.length - 1]!.classList.add('status');
      tds[0]!.classList.add('loss');
      if (r.flag) tds[0]!.append(' ', el('span', { class: 'flag', title: r.flag }, `⚠ ${r.flag}`));
      if (!s.finished && (r.status === 'queued' || r.status === 'running')) tds[tds.length - 1]!.append(this.cancelButton(r, i));
      const cls = [i === s.best ? 'best' : '', r.status === 'failed' || r.status === 'cancelled' ? r.status : ''].filter(Boolean).join(' ');
      const row = el('tr', { 'data-index': String(i), ...(cls ? { class: cls } : {}) }, ...tds);
      if (i === s.best) row.setAttribute('aria-label', `best run: ${text.slice(0, 4).join(' ')}`);
      return row;
    }));
    if (focused !== undefined) this.tbody.querySelector<HTMLButtonElement>(`button.cancel-run[data-index="${focused}"]`)?.focus();
    return order;
  }

  /** The cell texts as shown, row by row (buttons left out). */
  texts(): string[][] {
    const text = (n: Node): string => (n instanceof HTMLButtonElement ? '' : n.nodeType === Node.TEXT_NODE ? (n.textContent ?? '') : Array.from(n.childNodes, text).join(''));
    return Array.from(this.tbody.rows, (row) => Array.from(row.cells, text));
  }

  private cancelButton(r: SweepRun, index: number): HTMLButtonElement {
    const button = el('button', { type: 'button', class: 'cancel-run', 'data-index': String(index), 'aria-label': `Cancel run ${index + 1}: ${r.loss} ${r.optimizer} lr=${r.lr} seed=${r.seed}`, title: 'Cancel this run' }, 'Cancel');
    button.onclick = () => {
      button.disabled = true;
      this.onCancelRun(index);
    };
    return button;
  }

  private header(key: SortKey, label: string, numeric: boolean, sort: SweepView['sort']): HTMLElement {
    return el('th', { scope: 'col', tabindex: '0', 'data-key': key, ...(numeric ? { class: 'num' } : {}), 'aria-sort': sort?.key === key ? 'ascending' : 'none', title: l10n.t('Sort by {0}', label) }, label);
  }

  private toggle(key: SortKey, sort: SweepView['sort']): void {
    this.onSort({ key, dir: sort?.key === key && sort.dir === 'asc' ? 'desc' : 'asc' });
  }
}
