/** Optuna storages: the RDB schema in a SQLite file (tables studies, trials, trial_params,
 *  trial_values, trial_intermediate_values, trial_user_attributes) and the JournalStorage file (JSON
 *  lines of operations, replayed as Optuna replays them). Each trial is a run: its intermediate
 *  values (`trial.report`) are the series "intermediate_value", its objective value(s) one point
 *  "value" (or "value_0", "value_1", ...) at its last step; its params are the trial's params, plus
 *  "optuna": {study, number, state, values, user_attrs}. `read` gives the study as one run, the
 *  objective value of each finished trial by trial number. */
import { parsePythonJson } from './pythonJson';
import { isSqlite, withDatabase, type Row } from './sqlite';
import { ScalarsBuilder } from './series';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';

export const TRIAL_STATES = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

export interface OptunaTrial {
  study: string;
  number: number;
  state: TrialState;
  params: Record<string, unknown>;
  values: number[] | null;
  intermediate: [step: number, value: number][];
  userAttrs: Record<string, unknown>;
  /** Seconds since the epoch (UTC). */
  start: number | null;
  complete: number | null;
}

/** The external value of a param stored in Optuna's internal representation. */
function externalParam(internal: number, distributionJson: string): unknown {
  try {
    const d = parsePythonJson(distributionJson) as { name?: string; attributes?: { choices?: unknown[] } };
    if (d.name === 'CategoricalDistribution') return d.attributes?.choices?.[internal] ?? internal;
    if (d.name?.startsWith('Int')) return Math.round(internal);
  } catch {
    // an unknown distribution: keep the stored number
  }
  return internal;
}

function seconds(datetime: unknown): number | null {
  if (typeof datetime !== 'string' || datetime === '') return null;
  const ms = Date.parse(datetime.replace(' ', 'T') + (/[Zz]|[+-]\d\d:?\d\d$/.test(datetime) ? '' : 'Z'));
  return Number.isFinite(ms) ? ms / 1000 : null;
}

function typedValue(value: unknown, type: unknown): number {
  if (type === 'INF_POS') return Infinity;
  if (type === 'INF_NEG') return -Infinity;
  if (type === 'NAN') return NaN;
  return typeof value === 'number' ? value : NaN;
}

function userAttr(json: unknown): unknown {
  try {
    return parsePythonJson(String(json));
  } catch {
    return json;
  }
}

/** Every trial of every study in an Optuna SQLite file; LogFormatError when it is not one. */
export function readOptunaSqlite(path: string, bytes: Uint8Array): Promise<OptunaTrial[]> {
  return withDatabase(path, bytes, (query) => {
    const tables = new Set(query("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r.name)));
    for (const t of ['studies', 'trials', 'trial_params', 'trial_values', 'trial_intermediate_values']) {
      if (!tables.has(t)) throw new LogFormatError(path, `not an Optuna storage (no table ${t})`);
    }
    const byTrial = <T>(rows: Row[], make: (r: Row) => T): Map<number, T[]> => {
      const m = new Map<number, T[]>();
      for (const r of rows) {
        const id = Number(r.trial_id);
        let list = m.get(id);
        if (!list) m.set(id, (list = []));
        list.push(make(r));
      }
      return m;
    };
    const params = byTrial(query('SELECT trial_id, param_name, param_value, distribution_json FROM trial_params ORDER BY param_id'), (r) => [String(r.param_name), externalParam(Number(r.param_value), String(r.distribution_json))] as const);
    const values = byTrial(query('SELECT trial_id, objective, value, value_type FROM trial_values ORDER BY objective'), (r) => typedValue(r.value, r.value_type));
    const steps = byTrial(query('SELECT trial_id, step, intermediate_value, intermediate_value_type FROM trial_intermediate_values ORDER BY step'), (r): [number, number] => [Number(r.step), typedValue(r.intermediate_value, r.intermediate_value_type)]);
    const attrs = tables.has('trial_user_attributes') ? byTrial(query('SELECT trial_id, key, value_json FROM trial_user_attributes'), (r) => [String(r.key), userAttr(r.value_json)] as const) : new Map<number, (readonly [string, unknown])[]>();
    const trials = query('SELECT t.trial_id, t.number, t.state, t.datetime_start, t.datetime_complete, s.study_name FROM trials t JOIN studies s ON s.study_id = t.study_id ORDER BY s.study_id, t.number');
    return trials.map((t): OptunaTrial => {
      const id = Number(t.trial_id);
      const state = String(t.state) as TrialState;
      const v = values.get(id);
      return {
        study: String(t.study_name),
        number: Number(t.number),
        state: TRIAL_STATES.includes(state) ? state : 'FAIL',
        params: Object.fromEntries(params.get(id) ?? []),
        values: v && v.length > 0 ? v : null,
        intermediate: steps.get(id) ?? [],
        userAttrs: Object.fromEntries(attrs.get(id) ?? []),
        start: seconds(t.datetime_start),
        complete: seconds(t.datetime_complete),
      };
    });
  });
}

const OP = { CREATE_STUDY: 0, DELETE_STUDY: 1, CREATE_TRIAL: 4, SET_TRIAL_PARAM: 5, SET_TRIAL_STATE_VALUES: 6, SET_TRIAL_INTERMEDIATE_VALUE: 7, SET_TRIAL_USER_ATTR: 8 } as const;

type Op = Record<string, unknown> & { op_code: number };

/** Replays a JournalStorage file as Optuna does (a trial that finished takes no more updates; a
 *  second study of one name is ignored). A damaged line ends the replay with a note. */
export function readOptunaJournal(path: string, text: string): { trials: OptunaTrial[]; notes: string[] } {
  const notes: string[] = [];
  const studies = new Map<number, string>();
  const trials: OptunaTrial[] = [];
  const studyTrials = new Map<number, OptunaTrial[]>();
  let nextStudy = 0;
  const lines = text.split('\n');
  let parsedAny = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let op: Op;
    try {
      const v = parsePythonJson(line) as Op;
      if (typeof v !== 'object' || v === null || typeof v.op_code !== 'number') throw new Error('no op_code');
      op = v;
    } catch {
      if (!parsedAny) throw new LogFormatError(path, `not an Optuna journal (line ${i + 1} is not a JSON operation)`);
      notes.push(`${path}: stopped at line ${i + 1} of ${lines.length}, which is not a whole operation (a crash mid-write?)`);
      break;
    }
    parsedAny = true;
    const trial = typeof op.trial_id === 'number' ? trials[op.trial_id] : undefined;
    const open = trial !== undefined && trial.state !== 'COMPLETE' && trial.state !== 'PRUNED' && trial.state !== 'FAIL';
    switch (op.op_code) {
      case OP.CREATE_STUDY: {
        const name = String(op.study_name);
        if ([...studies.values()].includes(name)) break;
        studies.set(nextStudy, name);
        studyTrials.set(nextStudy++, []);
        break;
      }
      case OP.DELETE_STUDY:
        studies.delete(Number(op.study_id));
        break;
      case OP.CREATE_TRIAL: {
        const sid = Number(op.study_id);
        const name = studies.get(sid);
        if (name === undefined) break;
        const list = studyTrials.get(sid)!;
        const dists = (op.distributions ?? {}) as Record<string, string>;
        const params = Object.fromEntries(Object.entries((op.params ?? {}) as Record<string, number>).map(([k, p]) => [k, externalParam(p, dists[k] ?? '{}')]));
        const t: OptunaTrial = {
          study: name, number: list.length, state: TRIAL_STATES[Number(op.state ?? 0)] ?? 'RUNNING', params,
          values: Array.isArray(op.values) ? (op.values as number[]) : null,
          intermediate: Object.entries((op.intermediate_values ?? {}) as Record<string, number>).map(([s, v]): [number, number] => [Number(s), v ?? NaN]),
          userAttrs: { ...((op.user_attrs ?? {}) as Record<string, unknown>) },
          start: seconds(op.datetime_start), complete: seconds(op.datetime_complete),
        };
        trials.push(t);
        list.push(t);
        break;
      }
      case OP.SET_TRIAL_PARAM:
        if (open) trial.params[String(op.param_name)] = externalParam(Number(op.param_value_internal), String(op.distribution));
        break;
      case OP.SET_TRIAL_STATE_VALUES: {
        if (!open) break;
        const state = TRIAL_STATES[Number(op.state)] ?? 'FAIL';
        if (state === 'RUNNING') trial.start = seconds(op.datetime_start);
        else trial.complete = seconds(op.datetime_complete);
        trial.state = state;
        if (Array.isArray(op.values)) trial.values = (op.values as (number | null)[]).map((v) => v ?? NaN);
        break;
      }
      case OP.SET_TRIAL_INTERMEDIATE_VALUE:
        if (open) {
          const step = Number(op.step);
          const at = trial.intermediate.findIndex(([s]) => s === step);
          const point: [number, number] = [step, typeof op.intermediate_value === 'number' ? op.intermediate_value : NaN];
          if (at >= 0) trial.intermediate[at] = point;
          else trial.intermediate.push(point);
        }
        break;
      case OP.SET_TRIAL_USER_ATTR:
        if (open) Object.assign(trial.userAttrs, op.user_attr as Record<string, unknown>);
        break;
      default:
        break; // study attributes and trial system attributes: nothing a curve needs
    }
  }
  if (!parsedAny) throw new LogFormatError(path, 'not an Optuna journal (no operations)');
  const alive = new Set(studies.values());
  return { trials: trials.filter((t) => alive.has(t.study)), notes };
}

function join(run: string, ...parts: string[]): string {
  return [run === '.' ? '' : run, ...parts].filter((p) => p !== '').join('/');
}

/** One trial as a run. */
export function trialRunLog(run: string, t: OptunaTrial): RunLog {
  // Intermediate values have no time in Optuna's storage; a trial's final values have its completion time.
  const reported = new ScalarsBuilder(false);
  const finals = new ScalarsBuilder(true);
  const intermediate = [...t.intermediate].sort((a, b) => a[0] - b[0]);
  for (const [step, v] of intermediate) reported.series('intermediate_value').push(step, v);
  const last = intermediate.length > 0 ? intermediate[intermediate.length - 1]![0] : 0;
  (t.values ?? []).forEach((v, i, all) => finals.series(all.length === 1 ? 'value' : `value_${i}`).push(last, v, t.complete ?? undefined));
  return {
    run: join(run, t.study, `trial-${t.number}`),
    format: 'optuna',
    scalars: new Map([...reported.build(), ...finals.build()]),
    params: { ...t.params, optuna: { study: t.study, number: t.number, state: t.state, values: t.values, user_attrs: t.userAttrs, start: t.start, complete: t.complete } },
    notes: t.state === 'COMPLETE' ? [] : [`trial ${t.number} of study ${t.study}: ${t.state}`],
  };
}

/** The study as one run: each finished trial's objective value by trial number. */
const SQLITE_NAME = /\.(db|sqlite3?)$/i;
const JOURNAL_NAME = /\.(journal|log|jsonl)$/i;

/** Reads one storage file of either kind (sniffed from its bytes). */
export async function readOptunaFile(path: string, bytes: Uint8Array): Promise<{ trials: OptunaTrial[]; notes: string[] }> {
  if (isSqlite(bytes)) return { trials: await readOptunaSqlite(path, bytes), notes: [] };
  return readOptunaJournal(path, new TextDecoder().decode(bytes));
}

function onlyFile(run: string, files: readonly LogFile[]): LogFile {
  const f = files[0];
  if (!f) throw new LogFormatError(run, 'no storage file given');
  return f;
}

/** Every trial of a storage file as its own run. */
export async function readOptunaTrials(run: string, files: readonly LogFile[]): Promise<RunLog[]> {
  const f = onlyFile(run, files);
  const { trials, notes } = await readOptunaFile(f.path, f.bytes);
  const runs = trials.map((t) => trialRunLog(run, t));
  if (runs[0]) runs[0].notes.push(...notes);
  return runs;
}

export const optunaReader: LogReader = {
  format: 'optuna',
  claim(paths: readonly string[]): RunFiles[] {
    return paths
      .filter((p) => {
        const name = p.split('/').pop() ?? p;
        return name !== 'mlflow.db' && (SQLITE_NAME.test(name) || (JOURNAL_NAME.test(name) && /optuna|journal/i.test(name)));
      })
      .map((p) => ({ run: p, files: [p] }));
  },
  /** One run per trial, named below `run` (the storage file). */
  read: readOptunaTrials,
};
