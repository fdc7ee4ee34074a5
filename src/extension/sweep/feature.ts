/** "Loss Lab: Run Sweep": runs a sweep spec on the worker pool with a cancellable progress
 *  notification, publishes progress on `sweepEvents`, keeps results in workspace storage and
 *  exports them. Commands: losslab.sweep, losslab.sweep.cancel, losslab.sweep.status,
 *  losslab.sweep.export. */
import * as vscode from 'vscode';
import { CsvError } from '../../engine/data/csv';
import { sweepReport } from '../../engine/train/report';
import { SpecError, type SweepSpec } from '../../engine/train/spec';
import { sweepJobs, type RunJob, type RunOutcome } from '../../engine/train/sweep';
import { isRecord } from '../../protocol/validate';
import { WorkerPool, defaultPoolSize } from '../../worker/pool';
import type { Feature } from '../feature';
import { fireSweepEvent } from './events';
import { noSweepsYet, registerSweepPanel } from './panel';
import { registerSweepScripts } from './scripts';
import { registerSpecDiagnostics } from './specDiagnostics';
import { resolveSpec, specData, type SpecSource } from './spec';
import { exportText, listSweeps, loadSweep, saveSweep, type StoredSweep } from './storage';
import { newSweepId } from './sweepIds';
import { bestRun, curvesFigure, describeRun } from './summary';
import { setting } from '../config';
import { COMMANDS, INTERNAL_COMMANDS } from '../commandIds';

interface Running {
  sweepId: string;
  title: string;
  runs: number;
  stepsDone: number;
  totalSteps: number;
  cancel(): void;
  cancelRun(index: number): boolean;
}

/** ", 2 failed, 1 cancelled" after a run count (empty when every run finished). */
function endedRuns(failed: number, cancelled: number): string {
  return (failed ? vscode.l10n.t(', {0} failed', failed) : '') + (cancelled ? vscode.l10n.t(', {0} cancelled', cancelled) : '');
}

export interface SweepCommandResult {
  sweepId: string;
  cancelled: boolean;
  best: number;
  report: StoredSweep['report'];
}

class SweepFeature {
  private pool: WorkerPool | undefined;
  private poolSize = 0;
  private readonly running = new Map<string, Running>();
  private last: StoredSweep | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {}

  private workerPool(): WorkerPool {
    const configured = setting('sweep.workers');
    const size = configured >= 1 ? Math.floor(configured) : defaultPoolSize();
    if (!this.pool || this.poolSize !== size) {
      const old = this.pool;
      if (old && this.running.size === 0) void old.dispose();
      this.pool = new WorkerPool({ script: this.context.asAbsolutePath('out/worker.js'), size, throttleMs: 100 });
      this.poolSize = size;
    }
    return this.pool;
  }

  async dispose(): Promise<void> {
    await this.pool?.dispose();
  }

  private async jobsFor(source: SpecSource): Promise<{ spec: SweepSpec; jobs: RunJob[] }> {
    const { spec, data } = await specData(source);
    return { spec, jobs: sweepJobs(spec, data) };
  }

  async run(arg: unknown): Promise<SweepCommandResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab runs sweeps only in trusted workspaces.'));
      return undefined;
    }
    let source: SpecSource | undefined;
    let prepared: { spec: SweepSpec; jobs: RunJob[] };
    try {
      source = await resolveSpec(arg);
      if (!source) return undefined;
      prepared = await this.jobsFor(source);
    } catch (e) {
      const message = (e as Error).message;
      void vscode.window.showErrorMessage(e instanceof SpecError || e instanceof CsvError
        ? vscode.l10n.t('Loss Lab: this sweep spec has a problem: {0}', message)
        : vscode.l10n.t('Loss Lab: cannot run this sweep: {0}', message));
      return undefined;
    }
    const { spec, jobs } = prepared;
    const sweepId = newSweepId(new Date());
    const title = source.title;
    const started = performance.now();
    const totalSteps = jobs.length * spec.steps;
    fireSweepEvent({ type: 'start', sweepId, title, task: spec.task, steps: spec.steps, runs: jobs.map((j) => j.config) });

    const outcomes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loss Lab sweep: {0}', title), cancellable: true },
      async (progress, token): Promise<{ outcomes: RunOutcome[]; cancelled: boolean }> => {
        let done = 0;
        let failedRuns = 0;
        let cancelledRuns = 0;
        let cancelled = false;
        let stepsDone = 0;
        const handle = this.workerPool().run(jobs, {
          onProgress: (index, from, losses, val) => {
            stepsDone += losses.length;
            state.stepsDone = stepsDone;
            progress.report({ increment: (100 * losses.length) / totalSteps, message: vscode.l10n.t('{0}/{1} runs', done, jobs.length) + endedRuns(failedRuns, 0) });
            fireSweepEvent({ type: 'progress', sweepId, index, from, losses, ...(val.length > 0 ? { val } : {}) });
          },
          onDone: (index, outcome) => {
            done++;
            if (outcome.status === 'failed') failedRuns++;
            if (outcome.status === 'cancelled') cancelledRuns++;
            // Steps a run did not take (failure, cancel) still count towards 100 %.
            const skipped = spec.steps - outcome.loss.length;
            stepsDone += skipped;
            state.stepsDone = stepsDone;
            progress.report({ increment: (100 * skipped) / totalSteps, message: vscode.l10n.t('{0}/{1} runs', done, jobs.length) + endedRuns(failedRuns, cancelledRuns) });
            fireSweepEvent({ type: 'run-done', sweepId, index, outcome });
          },
        });
        const state: Running = { sweepId, title, runs: jobs.length, stepsDone: 0, totalSteps, cancel: () => { cancelled = true; handle.cancel(); },
          cancelRun: (index) => handle.cancelRun(index),
        };
        this.running.set(sweepId, state);
        const sub = token.onCancellationRequested(() => state.cancel());
        try {
          return { outcomes: await handle.done, cancelled };
        } finally {
          sub.dispose();
          this.running.delete(sweepId);
        }
      },
    );

    const report = sweepReport(jobs, outcomes.outcomes, performance.now() - started);
    const best = bestRun(spec.task, outcomes.outcomes);
    const stored: StoredSweep = {
      sweepId, title, created: new Date().toISOString(), task: spec.task, spec: source.json, cancelled: outcomes.cancelled, report,
      ...(source.baseUri ? { baseDir: source.baseUri.fsPath } : {}),
    };
    this.last = stored;
    fireSweepEvent({ type: 'done', sweepId, report, cancelled: outcomes.cancelled, best });
    try {
      await saveSweep(this.context, stored);
    } catch (e) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab: the sweep finished but could not be saved: {0}', (e as Error).message));
    }
    void this.announce(stored, best);
    return { sweepId, cancelled: outcomes.cancelled, best, report };
  }

  private async announce(sweep: StoredSweep, best: number): Promise<void> {
    const count = (status: string): number => sweep.report.runs.filter((r) => r.status === status).length;
    const failed = count('failed');
    const cancelled = count('cancelled');
    const runs = sweep.report.runs.length;
    const seconds = (sweep.report.elapsed_ms / 1000).toFixed(1);
    const head = sweep.cancelled
      ? vscode.l10n.t('Loss Lab: sweep cancelled: {0} runs{1} in {2} s.', runs, endedRuns(failed, cancelled), seconds)
      : vscode.l10n.t('Loss Lab: sweep done: {0} runs{1} in {2} s.', runs, endedRuns(failed, cancelled), seconds);
    const bestText = best >= 0 ? vscode.l10n.t(' Best: {0}.', describeRun(sweep.report.runs[best]!)) : '';
    const showCurves = vscode.l10n.t('Show Curves');
    const exportIt = vscode.l10n.t('Export…');
    const choice = await vscode.window.showInformationMessage(head + bestText, showCurves, exportIt);
    if (choice === showCurves) await vscode.commands.executeCommand(COMMANDS.showCurves, curvesFigure(sweep));
    if (choice === exportIt) await this.export({ sweepId: sweep.sweepId });
  }

  /** One run of a running sweep (the sweep panel's Cancel button); false when it is not running. */
  cancelRun(sweepId: string, index: number): boolean {
    return this.running.get(sweepId)?.cancelRun(index) ?? false;
  }

  cancelAll(): number {
    const n = this.running.size;
    for (const r of this.running.values()) r.cancel();
    return n;
  }

  status(): { sweepId: string; title: string; runs: number; stepsDone: number; totalSteps: number }[] {
    return [...this.running.values()].map(({ sweepId, title, runs, stepsDone, totalSteps }) => ({ sweepId, title, runs, stepsDone, totalSteps }));
  }

  /** Export a stored sweep (default: the last one). Arg for scripted use: {sweepId?, format?, path?}. */
  async export(arg: unknown): Promise<string | undefined> {
    const a = isRecord(arg) ? arg : {};
    let sweep = this.last;
    if (typeof a.sweepId === 'string' && a.sweepId !== sweep?.sweepId) sweep = await loadSweep(this.context, a.sweepId);
    if (!sweep) {
      const ids = await listSweeps(this.context);
      const picked = ids.length ? await vscode.window.showQuickPick(ids.reverse(), { placeHolder: vscode.l10n.t('Sweep to export') }) : undefined;
      if (!picked) {
        if (!ids.length) void vscode.window.showInformationMessage(noSweepsYet());
        return undefined;
      }
      sweep = await loadSweep(this.context, picked);
    }
    const format = a.format === 'json' || a.format === 'csv' ? a.format : ((await vscode.window.showQuickPick(['csv', 'json'], { placeHolder: vscode.l10n.t('Export format') })) as 'csv' | 'json' | undefined);
    if (!format) return undefined;
    const target = typeof a.path === 'string'
      ? vscode.Uri.file(a.path)
      : await vscode.window.showSaveDialog({ filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] }, saveLabel: vscode.l10n.t('Export sweep') });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, Buffer.from(exportText(sweep, format)));
    return target.fsPath;
  }
}

export const sweepFeature: Feature = {
  name: 'Sweeps',
  activate(context) {
    const feature = new SweepFeature(context);
    registerSweepPanel(context, (sweepId, index) => feature.cancelRun(sweepId, index));
    registerSweepScripts(context);
    registerSpecDiagnostics(context);
    context.subscriptions.push(
      vscode.commands.registerCommand(COMMANDS.sweep, (arg?: unknown) => feature.run(arg)),
      vscode.commands.registerCommand(COMMANDS.sweepCancel, () => feature.cancelAll()),
      vscode.commands.registerCommand(INTERNAL_COMMANDS.sweepStatus, () => feature.status()),
      vscode.commands.registerCommand(COMMANDS.sweepExport, (arg?: unknown) => feature.export(arg)),
      { dispose: () => void feature.dispose() },
    );
  },
};
