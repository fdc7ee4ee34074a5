/** Option defaults are stated once, in the declarations (LossSpec.options, a spelling's options),
 *  and the computations read them from there: every catalog entry and every framework spelling
 *  gives the same value and gradients when its options are left out as when each is passed
 *  explicitly at its declared default; and no loss computation writes a default of its own
 *  (`?? <literal>`) beside the declaration. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LOSSES } from '../../src/engine/catalog';
import { FRAMEWORK_LOSSES } from '../../src/engine/frameworks';
import { tensorFromJson, type CaseJson } from '../../src/engine/cases';
import type { ElementwiseForm, LossResult, OptionSpec, Options, TensorArgs } from '../../src/engine/catalog/types';
import { rng } from './fd';
import { CASES as FAMILY_CASES } from './losses/families/all_cases';
import { KERAS_SKLEARN_CASES } from './losses/keras_sklearn_cases';
import { ENTRY_CASES } from './optax_tv_pml_cases';

const ROOT = join(__dirname, '../..');

function oracleCases(file: string): CaseJson[] {
  return JSON.parse(readFileSync(join(ROOT, 'test/fixtures/oracle', file), 'utf8')) as CaseJson[];
}

function argsOf(c: CaseJson): TensorArgs {
  return Object.fromEntries(Object.entries(c.args).map(([n, t]) => [n, tensorFromJson(n, t)]));
}

/** Arguments for each entry: the PyTorch reference cases, then the inputs the entries' gradient
 *  tests use. Options the call needs (num_classes, say) come with them. */
function sampleCalls(): Map<string, { args: TensorArgs; options: Options }> {
  const calls = new Map<string, { args: TensorArgs; options: Options }>();
  for (const c of oracleCases('torch-public.json')) {
    if (!calls.has(c.loss) && !c.expected?.error) calls.set(c.loss, { args: argsOf(c), options: {} });
  }
  for (const [id, c] of Object.entries(FAMILY_CASES)) calls.set(id, { args: c.args(rng(99)), options: {} });
  for (const [id, make] of Object.entries(KERAS_SKLEARN_CASES)) calls.set(id, { args: make().args, options: {} });
  for (const [id, make] of Object.entries(ENTRY_CASES)) {
    const [args, options] = make()[0]!;
    calls.set(id, { args, options: options ?? {} });
  }
  return calls;
}

function explicitDefaults(options: readonly OptionSpec[]): Options {
  return Object.fromEntries(options.map((o) => [o.name, o.default]));
}

function assertSameResult(a: LossResult, b: LossResult, where: string): void {
  assert.deepEqual([...a.value.shape], [...b.value.shape], `${where}: value shape`);
  assert.deepEqual([...a.value.data], [...b.value.data], `${where}: value`);
  assert.deepEqual(Object.keys(a.grad).sort(), Object.keys(b.grad).sort(), `${where}: gradient names`);
  for (const [name, g] of Object.entries(a.grad)) assert.deepEqual([...g.data], [...b.grad[name]!.data], `${where}: d/d${name}`);
}

/** Two elementwise forms (the training loops' kernels) agree: same parameter and reduction, and
 *  the same values and gradients on a few elements. */
function assertSameForm(a: ElementwiseForm, b: ElementwiseForm, where: string): void {
  assert.equal(a.param, b.param, `${where}: elementwise parameter`);
  assert.equal(a.reduction, b.reduction, `${where}: elementwise reduction`);
  const x = Float64Array.of(0.15, 0.35, 0.6, 0.85);
  const y = Float64Array.of(0.2, 1, 0, 0.5);
  const run = (f: ElementwiseForm) => {
    const out = { values: new Float64Array(4), gx: new Float64Array(4), gy: new Float64Array(4) };
    const sum = f.kernel(x, y, out.values, out.gx, out.gy, 1, f.param);
    return { sum, values: [...out.values], gx: [...out.gx], gy: [...out.gy] };
  };
  assert.deepEqual(run(a), run(b), `${where}: elementwise kernel`);
}

test('every catalog entry gives the same answer with its options omitted and passed at their declared defaults', () => {
  const calls = sampleCalls();
  for (const spec of LOSSES) {
    const call = calls.get(spec.id);
    assert.ok(call, `${spec.id}: no sample call (add a case to its gradient test's cases)`);
    const omitted = spec.compute(call.args, call.options, true);
    const explicit = spec.compute(call.args, { ...explicitDefaults(spec.options), ...call.options }, true);
    assertSameResult(omitted, explicit, spec.id);
    if (spec.elementwise) assertSameForm(spec.elementwise(call.options), spec.elementwise({ ...explicitDefaults(spec.options), ...call.options }), spec.id);
  }
});

test('every framework spelling in the public cases gives the same answer with its options omitted and passed at their declared defaults', () => {
  const byName = new Map(FRAMEWORK_LOSSES.map((f) => [f.name, f]));
  let checked = 0;
  for (const c of oracleCases('frameworks-public.json')) {
    const fw = byName.get(c.loss);
    if (!fw || c.expected?.error) continue;
    const given = c.options ?? {};
    const omitted = fw.compute(argsOf(c), given, true);
    const explicit = fw.compute(argsOf(c), { ...explicitDefaults(fw.options), ...given }, true);
    assertSameResult(omitted, explicit, `${c.loss} (${c.id})`);
    checked++;
  }
  assert.ok(checked >= 50, `only ${checked} spelling cases checked`);
});

/** `?? <literal>` lines in the loss computations that are not option defaults, each with why. */
const NOT_OPTION_DEFAULTS: Readonly<Record<string, string>> = {
  'const scale = gradScale ?? 0;': 'softmax rows: an internal argument (no gradient wanted), not an option',
  "family: def.family ?? 'preference',": 'the catalog family of a preference entry definition, not an option',
  "${labels.shape[0] ?? 'none'}": 'an error message',
  '${rows[0]?.length ?? 0}': 'an error message',
  'const k = yTrue.shape[yTrue.ndim - 1] ?? 1;': 'the size of a scalar tensor’s last axis',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.generated.ts') ? [p] : [];
  });
}

test('no loss computation writes a default of its own: no `?? <literal>` beside the declarations', () => {
  const literalFallback = /\?\?\s*(?:-?\.?\d|'|"|`|true\b|false\b|null\b|undefined\b)/;
  const found: string[] = [];
  for (const dir of ['src/engine/losses', 'src/engine/kernels', 'src/engine/frameworks']) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (!literalFallback.test(line)) return;
        if (Object.keys(NOT_OPTION_DEFAULTS).some((allowed) => line.includes(allowed))) return;
        found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  assert.deepEqual(found, [], 'read the option from its declaration (SpecOptions, FrameworkOptions, readKw) instead');
});
