/** Sweep progress as a typed event stream: panels (live curves, results) subscribe with
 *  `sweepEvents.event(listener)`; the sweep command fires. Indices are job indices of `runs`. */
import * as vscode from 'vscode';
import type { Task } from '../../engine/data/dataset';
import type { RunConfig } from '../../engine/train/spec';
import type { RunOutcome, ValPoint } from '../../engine/train/sweep';
import type { SweepReport } from '../../engine/train/report';

export type SweepEvent =
  | { type: 'start'; sweepId: string; title: string; task: Task; steps: number; runs: RunConfig[] }
  | { type: 'progress'; sweepId: string; index: number; from: number; losses: readonly number[]; val?: readonly ValPoint[] }
  | { type: 'run-done'; sweepId: string; index: number; outcome: RunOutcome }
  | { type: 'done'; sweepId: string; report: SweepReport; cancelled: boolean; best: number };

const emitter = new vscode.EventEmitter<SweepEvent>();

export const sweepEvents: vscode.Event<SweepEvent> = emitter.event;

export function fireSweepEvent(e: SweepEvent): void {
  emitter.fire(e);
}
