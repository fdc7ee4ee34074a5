/** "Show Loss Landscape": trains a run of a spec (or a small default one for a loss) on worker
 *  threads and shows the 2-D landscape with the optimiser's path, the init → trained line, the
 *  training curve and the sharpness. Runs only in trusted workspaces. */
import * as vscode from 'vscode';
import { getLoss } from '../../engine/catalog';
import { INPUT_LIMITS, loadSpecInput, parseSpecText } from '../../engine/train/specInput';
import type { LandscapeFigure } from '../../protocol/figure';
import type { RunSource } from '../../protocol/landscape';
import { isRecord } from '../../protocol/validate';
import { CancelledError, LandscapePool } from '../../worker/landscapePool';
import { computeLandscape, type LandscapeResult } from '../../worker/landscapeRun';
import { lossesFromArgs } from './explorer';
import { PanelHost } from './host';
import { defaultSpecFor } from './landscapeSource';
import { errorText, log } from '../log';
import { readWorkspaceText, workspaceSpecFiles } from '../specFiles';
import { activeDocument } from '../activeDocument';
import { COMMANDS } from '../commandIds';

let pool: LandscapePool | undefined;

function workerPool(context: vscode.ExtensionContext): LandscapePool {
  if (!pool) {
    pool = new LandscapePool(vscode.Uri.joinPath(context.extensionUri, 'out', 'landscape-worker.js').fsPath, 2);
    const p = pool;
    context.subscriptions.push({ dispose: () => void p.dispose() });
  }
  return pool;
}

interface Origin {
  source: RunSource;
  label: string;
  /** Folder of the spec file, for a CSV data set named relative to it. */
  folder?: string;
}

/** The spec checked, with its CSV's text when it names one (relative to `folder`). */
async function specOrigin(spec: unknown, folder: vscode.Uri | undefined, run: number, label: string): Promise<Origin> {
  const { csv } = await loadSpecInput(spec, workspaceSpecFiles(folder));
  return { source: { spec, run, ...(csv ? { csvText: csv.text } : {}) }, label, ...(folder ? { folder: folder.toString() } : {}) };
}

async function specFromUri(uri: vscode.Uri, run: number): Promise<Origin> {
  const spec = parseSpecText(await readWorkspaceText(uri, INPUT_LIMITS.specBytes));
  return specOrigin(spec, vscode.Uri.joinPath(uri, '..'), run, uri.path.split('/').pop() ?? 'spec');
}

/** Reads what the command was given: {spec, run} | {uri, run} | a Uri | {lossId, options} | nothing
 *  (the active JSON editor if it is a spec, else a file picker). */
export async function originFromArgs(arg: unknown): Promise<Origin | undefined> {
  const run = isRecord(arg) && typeof arg.run === 'number' ? arg.run : 0;
  if (arg instanceof vscode.Uri) return specFromUri(arg, run);
  if (isRecord(arg) && arg.uri instanceof vscode.Uri) return specFromUri(arg.uri, run);
  if (isRecord(arg) && isRecord(arg.spec)) return specOrigin(arg.spec, undefined, run, typeof arg.spec.name === 'string' ? arg.spec.name : 'spec');
  const [loss] = lossesFromArgs(arg);
  if (loss) {
    const spec = getLoss(loss.id);
    if (!spec) throw new Error(`unknown loss ${loss.id}`);
    const generated = defaultSpecFor(spec, loss.options ?? {});
    if (!generated) throw new Error(vscode.l10n.t('{0} takes {1} targets: there is no default model to train it on; write a sweep spec instead', spec.title, spec.expects.target.replace(/_/g, ' ')));
    return { source: { spec: generated, run: 0 }, label: vscode.l10n.t('{0}, default 2-16-16 MLP', spec.title) };
  }
  const doc = await activeDocument();
  if (doc && doc.languageId.startsWith('json')) {
    try {
      const folder = doc.uri.scheme === 'untitled' ? undefined : vscode.Uri.joinPath(doc.uri, '..');
      return await specOrigin(parseSpecText(doc.getText()), folder, run, doc.uri.path.split('/').pop() ?? 'spec');
    } catch (e) {
      log().info(`the active editor is not a usable spec (${errorText(e)}); asking for one`);
    }
  }
  const [picked] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Sweep spec (JSON)')]: ['json'] }, openLabel: vscode.l10n.t('Show landscape') })) ?? [];
  return picked ? specFromUri(picked, run) : undefined;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v);
}

/** The panel's figures from a computed landscape. */
export function landscapeContent(r: LandscapeResult, label: string): Parameters<PanelHost['show']>[0] {
  const figure: LandscapeFigure = {
    version: 1, kind: 'landscape', title: vscode.l10n.t('Loss landscape: {0}', label), x: r.x, y: r.y, z: r.z, view: 'contour',
    ...(r.trajectory ? { trajectory: { x: r.trajectory.x, y: r.trajectory.y, z: r.trajectory.z } } : {}),
  };
  const info = [
    r.directions === 'pca'
      ? vscode.l10n.t('Plane of the optimiser path\'s two principal directions ({0} % of its variance), scaled so the path spans −1…1.', (100 * ((r.trajectory?.explained[0] ?? 0) + (r.trajectory?.explained[1] ?? 0))).toFixed(1))
      : vscode.l10n.t('Two seeded Gaussian directions with filter normalisation (Li et al. 2018); biases fixed.'),
  ];
  if (r.sharpness) {
    const s = r.sharpness;
    const eigenvalue = s.converged ? fmt(s.top_eigenvalue) : vscode.l10n.t('{0} (power iteration not converged)', fmt(s.top_eigenvalue));
    info.push(vscode.l10n.t('Sharpness at the trained parameters: top Hessian eigenvalue {0}, Hessian trace ≈ {1} ± {2} (Hutchinson, {3} samples; Hessian-vector products by central differences of gradients).', eigenvalue, fmt(s.trace), fmt(s.trace_standard_error), s.trace_samples));
  }
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  info.push(vscode.l10n.t('Computed in {0} s (training {1} s, {2}×{3} grid {4} s on worker threads).', seconds(r.timings.total_ms), seconds(r.timings.train_ms), r.x.length, r.y.length, seconds(r.timings.grid_ms)));
  return {
    figure,
    alternatives: [
      { label: vscode.l10n.t('Initial → trained (1-D)'), figure: { version: 1, kind: 'landscape', title: vscode.l10n.t('Loss from the initial (α = 0) to the trained (α = 1) parameters'), x: r.interpolation.alpha, z: r.interpolation.loss } },
      { label: vscode.l10n.t('Training loss'), figure: { version: 1, kind: 'curves', title: vscode.l10n.t('Training loss'), series: [{ name: 'train', values: r.trainLoss }] } },
    ],
    info,
  };
}

/** Computes on the workers behind a cancellable progress notification: Cancel (or closing the
 *  panel) terminates the workers still busy with it. */
async function compute(context: vscode.ExtensionContext, host: PanelHost, origin: Origin, grid: number, directions: 'pca' | 'random'): Promise<void> {
  host.progress(vscode.l10n.t('Training the run…'));
  const abort = new AbortController();
  let panelClosed = false;
  const closed = host.panel.onDidDispose(() => {
    panelClosed = true;
    abort.abort();
  });
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loss Lab landscape: {0}', origin.label), cancellable: true },
      async (progress, token) => {
        const cancel = token.onCancellationRequested(() => abort.abort());
        progress.report({ message: vscode.l10n.t('training the run…') });
        let shown = 0;
        try {
          const r = await computeLandscape(workerPool(context), origin.source, {
            grid, directions, signal: abort.signal,
            onProgress: (done, total) => {
              host.progress(vscode.l10n.t('Computing the landscape: {0}/{1} rows…', done, total));
              progress.report({ message: vscode.l10n.t('{0}/{1} rows', done, total), increment: (100 * (done - shown)) / total });
              shown = done;
            },
          });
          host.show({ ...landscapeContent(r, origin.label), origin: { ...origin, grid, directions } as unknown as Record<string, unknown> });
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (e) {
    if (panelClosed) return;
    if (e instanceof CancelledError) host.problem(vscode.l10n.t('Cancelled: the landscape was not computed. Recompute to start again.'));
    else host.problem(vscode.l10n.t('Could not compute the landscape: {0}', (e as Error).message));
  } finally {
    closed.dispose();
  }
}

/** Recompute handler shared by new and restored panels (the origin travels in the panel state). */
export function landscapeHandlers(context: vscode.ExtensionContext): ConstructorParameters<typeof PanelHost>[3] {
  return {
    onRecompute(host, grid, directions) {
      const origin = host.origin as unknown as Origin | undefined;
      if (!origin || !isRecord(origin.source)) {
        host.problem(vscode.l10n.t('This panel does not know what it was computed from; run "Show Loss Landscape" again.'));
        return;
      }
      if (!vscode.workspace.isTrusted) {
        host.problem(vscode.l10n.t('Landscapes train models, which Loss Lab does only in trusted workspaces.'));
        return;
      }
      void compute(context, host, origin, grid, directions);
    },
  };
}

export function registerLandscape(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.landscape, async (arg?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab: landscapes train models, which runs only in trusted workspaces.'));
        return undefined;
      }
      let origin: Origin | undefined;
      try {
        origin = await originFromArgs(arg);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: cannot show a landscape: {0}', (e as Error).message));
        return undefined;
      }
      if (!origin) return undefined;
      const host = PanelHost.create('landscape', context, landscapeHandlers(context));
      const grid = isRecord(arg) && typeof arg.grid === 'number' ? arg.grid : 51;
      await compute(context, host, origin, grid, 'pca');
      return host.panel;
    }),
  );
}
