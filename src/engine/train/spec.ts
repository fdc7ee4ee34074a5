/** The sweep spec (`*.losslab.json`): checked against its declaration (specSchema.ts), every problem
 *  reported with its path ("losses[2].options.beta"). The grid is losses × optimisers × learning rates × seeds. */
import type * as z from 'zod/mini';
import type { Options } from '../catalog/types';
import type { OptimizerName, OptimizerOptions } from './optimizers';
import { SPEC_LIMITS, SWEEP_SPEC } from './specSchema';

export { SPEC_LIMITS, TASKS, defaultValEvery } from './specSchema';

export class SpecError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'SpecError';
  }
}

export type SweepSpec = z.output<typeof SWEEP_SPEC>;
export type DatasetSource = SweepSpec['dataset'];
export type SyntheticSource = Extract<DatasetSource, { name: string }>;
export type CsvSource = Extract<DatasetSource, { csv: string }>;
export type LossChoice = SweepSpec['losses'][number];
export type OptimizerChoice = SweepSpec['optimizers'][number];

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? 'spec' : out;
}

const isInteger = (schema: unknown): boolean => (schema as { _zod?: { def?: { format?: string } } } | undefined)?._zod?.def?.format === 'safeint';
const got = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Problem texts for a spec's author: what was expected and what the spec has. */
function problemText(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `expected an integer, got ${got(issue.input)}`;
      if (issue.expected === 'number') return `expected ${isInteger(issue.inst) ? 'an integer' : 'a number'}, got ${got(issue.input)}`;
      if (issue.expected === 'string') return `expected a non-empty string, got ${got(issue.input)}`;
      if (issue.expected === 'boolean') return `expected true or false, got ${got(issue.input)}`;
      if (issue.expected === 'array' || issue.expected === 'tuple') return 'expected an array';
      return issue.expected === 'object' || issue.expected === 'record' ? 'expected an object' : undefined;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array') return 'expected at least one entry';
      if (issue.origin === 'string') return `expected a non-empty string, got ${got(issue.input)}`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}, got ${String(issue.input)}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${String(issue.maximum)} entries`;
      return `must be <= ${String(issue.maximum)}, got ${String(issue.input)}`;
    case 'unrecognized_keys': {
      const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
      return `unknown key (expected one of ${Object.keys(shape ?? {}).join(', ')})`;
    }
    default:
      return undefined;
  }
}

/** The issues of a union: those of the alternative the value was meant as (the one whose type it
 *  has, then the one with the fewest problems). */
function meantAlternative(alternatives: z.core.$ZodIssue[][]): z.core.$ZodIssue[] {
  const typeMismatch = (i: z.core.$ZodIssue): boolean => i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_value' && typeof i.input === 'object'));
  const score = (issues: z.core.$ZodIssue[]): number => (issues.some(typeMismatch) ? 1e6 : 0) + issues.length;
  return alternatives.reduce((best, a) => (score(a) < score(best) ? a : best));
}

/** Every issue as SpecErrors, one per unknown key, unions resolved to the alternative meant. */
function specErrors(issues: readonly z.core.$ZodIssue[], base: PropertyKey[] = []): SpecError[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.input !== undefined) return specErrors(meantAlternative(issue.errors), path);
    // An unknown top-level key is "spec.key", so that it is not read as a section's name.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => new SpecError(pathText([...(path.length === 0 ? ['spec'] : path), k]), issue.message));
    return [new SpecError(pathText(path), issue.message)];
  });
}

/** Every problem of a spec (each with its path, in the order of the spec's sections), and the
 *  checked spec when there is none. */
export function checkSpec(value: unknown): { spec?: SweepSpec; problems: SpecError[] } {
  // Refused by length before each seed is read: a list of millions would be read only to be refused.
  const seeds = typeof value === 'object' && value !== null ? (value as { seeds?: unknown }).seeds : undefined;
  if (Array.isArray(seeds) && seeds.length > SPEC_LIMITS.runs) {
    return { problems: [new SpecError('seeds', `${seeds.length.toLocaleString('en-US')} seeds: at most ${SPEC_LIMITS.runs.toLocaleString('en-US')} runs in all`)] };
  }
  const r = SWEEP_SPEC.safeParse(value, { error: problemText, reportInput: true });
  return r.success ? { spec: r.data, problems: [] } : { problems: specErrors(r.error.issues) };
}

/** Several problems of one spec: `path`/`problem` are the first one's, the message lists them all
 *  (one `path: problem` a line). */
export class SpecErrors extends SpecError {
  constructor(readonly problems: readonly SpecError[]) {
    super(problems[0]!.path, problems[0]!.problem);
    this.message = problems.map((p) => p.message).join('\n');
    this.name = 'SpecErrors';
  }
}

/** The checked spec, or SpecError (SpecErrors when there are several) with every problem's path. */
export function parseSpec(value: unknown): SweepSpec {
  const { spec, problems } = checkSpec(value);
  if (spec) return spec;
  throw problems.length === 1 ? problems[0]! : new SpecErrors(problems);
}

/** A spec's problems for a terminal: one `file: path: problem` line each. */
export function specProblemLines(file: string, e: SpecError): string {
  return (e instanceof SpecErrors ? e.problems : [e]).map((p) => `${file}: ${p.message}`).join('\n');
}

/** One cell of the grid, as reported (`config` in the CLI's JSON). */
export interface RunConfig {
  loss: string;
  loss_options: Options;
  optimizer: OptimizerName;
  lr: number;
  optimizer_options: OptimizerOptions;
  seed: number;
}

/** The grid in a fixed order: losses, then optimisers, then learning rates, then seeds. */
export function expandRuns(spec: SweepSpec): RunConfig[] {
  const runs: RunConfig[] = [];
  for (const loss of spec.losses) {
    for (const opt of spec.optimizers) {
      for (const lr of opt.lrs) {
        for (const seed of spec.seeds) {
          runs.push({ loss: loss.name, loss_options: loss.options, optimizer: opt.name, lr, optimizer_options: opt.options, seed });
        }
      }
    }
  }
  return runs;
}
