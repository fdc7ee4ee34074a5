/** The Loss Lab figure payload: MIME type application/vnd.losslab.figure+json.
 *  Produced by the Python helper (python/losslab.py), the extension (notebook cell outputs) and the CLI;
 *  drawn by the shared plot layer in webviews and the notebook renderer. Declared once here: parseFigure,
 *  the types and media/figure.schema.json (`node --import tsx scripts/gen-schemas.ts`) derive from FIGURE. */
import * as z from 'zod/mini';
import { anyNumber, bounded, described, finiteNumbers, parseWith, values } from './schema';

export const FIGURE_MIME = 'application/vnd.losslab.figure+json';
export const FIGURE_VERSION = 1;

export const ANOMALY_KINDS = ['spike', 'divergence', 'nonfinite', 'restart'] as const;
export const CURVES_X_AXES = ['step', 'relative', 'wall'] as const;
export const FIGURE_KINDS = ['curves', 'landscape', 'explorer'] as const;
export const MAX_MEASURED = 8;

const version = described(z.literal(FIGURE_VERSION), 'Payload version. A newer version is reported as needing a newer extension.');
const title = z.optional(z.string());

function sameLength(ctx: z.core.$RefinementCtx, path: (string | number)[], length: number, reference: number, problem: string): void {
  if (length !== reference) ctx.addIssue({ code: 'custom', path, message: problem, input: length });
}

const anomaly = z.object({
  kind: z.enum(ANOMALY_KINDS),
  at: described(z.int().check(z.minimum(0)), 'Index of the value to mark.'),
  explanation: z.string(),
});

export const smoothingWeight = z.number().check(z.gte(0, 'must be in [0, 1)'), z.lt(1, 'must be in [0, 1)'));

/** [low, high] with low < high (an x range to draw). */
export const increasingSpan = z.tuple([z.number(), z.number()]).check(z.refine(([low, high]) => low < high, 'expected [low, high] with low < high'));

const interval = z.tuple([z.number(), z.number()]).check(z.refine(([low, high]) => low <= high, 'expected [low, high] with low <= high'));

export const curveSeries = z
  .object({
    name: z.string(),
    values: described(values, 'Loss per step; NaN and ±Infinity are kept (they are what spike/NaN detection looks for).'),
    steps: z.optional(described(finiteNumbers, 'Step numbers, one per value; default 0..n-1.')),
    wallTime: z.optional(described(finiteNumbers, 'Seconds since the start, or since the epoch (drawn as dates), one per value.')),
    split: z.optional(described(z.enum(['train', 'val']), 'Validation curves are drawn dashed; default train.')),
    group: z.optional(described(z.string(), 'Curves of one group share a colour (e.g. one run or loss id).')),
    anomalies: z.optional(described(bounded(anomaly), 'Anomalies found where the data lives (the extension host, for training logs), so that the page does not run the detector; absent: the page detects them.')),
    total: z.optional(described(z.int().check(z.minimum(0)), 'Set when the series is a decimation for drawing (training runs: every point stays in the extension host): how many points the whole series has.')),
    smoothed: z.optional(described(z.object({ weight: smoothingWeight, values }), 'The smoothed line at these points, computed over every point of the series with `weight`.')),
    range: z.optional(described(z.object({ linear: z.optional(interval), log: z.optional(interval) }), "The series' outlier-ignoring y range over every point (raw and smoothed), per axis type (log: in log10 units); the page cannot find it from a decimation, which keeps the extremes.")),
  })
  .check(
    z.superRefine((s, ctx) => {
      for (const key of ['steps', 'wallTime'] as const) {
        const a = s[key];
        if (a) sameLength(ctx, [key], a.length, s.values.length, `has ${a.length} entries, values has ${s.values.length}`);
      }
      if (s.smoothed) sameLength(ctx, ['smoothed', 'values'], s.smoothed.values.length, s.values.length, `has ${s.smoothed.values.length} entries, values has ${s.values.length}`);
      if (s.total !== undefined && s.total < s.values.length) ctx.addIssue({ code: 'custom', path: ['total'], message: 'expected an integer at least the number of values', input: s.total });
      s.anomalies?.forEach((a, i) => {
        if (a.at >= s.values.length) ctx.addIssue({ code: 'custom', path: ['anomalies', i, 'at'], message: 'expected the index of a value', input: a.at });
      });
    }),
  );

const curves = z.object({
  version,
  kind: z.literal('curves'),
  title,
  series: bounded(curveSeries),
  smoothing: z.optional(described(smoothingWeight, 'TensorBoard smoothing weight.')),
  logY: z.optional(z.boolean()),
  xAxis: z.optional(z.enum(CURVES_X_AXES)),
  focusStep: z.optional(described(z.number(), "A step to open the view at (a notification's \"Show\"): the x range is centred on it.")),
});

const landscape = z
  .object({
    version,
    kind: z.literal('landscape'),
    title,
    x: finiteNumbers,
    y: z.optional(described(finiteNumbers, 'Absent for a 1-D landscape.')),
    z: described(z.union([values, bounded(values)]), '2-D: z[j][i] is the loss at (x[i], y[j]). 1-D: one value per x.'),
    trajectory: z.optional(described(z.object({ x: finiteNumbers, y: finiteNumbers, z: z.optional(values) }), "The optimiser's path projected on the same axes.")),
    view: z.optional(z.enum(['line', 'contour', 'surface'])),
    logZ: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((f, ctx) => {
      const rows = f.z.filter((row) => Array.isArray(row)).length;
      if (f.y !== undefined && rows !== f.z.length) {
        ctx.addIssue({ code: 'custom', path: ['z'], message: 'a 2-D landscape (with y) needs z as rows: z[j][i] is the loss at (x[i], y[j])', input: f.z });
      } else if (f.y !== undefined) {
        sameLength(ctx, ['z'], f.z.length, f.y.length, `has ${f.z.length} rows, y has ${f.y.length} values`);
        (f.z as number[][]).forEach((row, j) => sameLength(ctx, ['z', j], row.length, f.x.length, `has ${row.length} values, x has ${f.x.length}`));
      } else if (rows > 0) {
        ctx.addIssue({ code: 'custom', path: ['z'], message: 'a 1-D landscape (without y) needs z as one value per x', input: f.z });
      } else {
        sameLength(ctx, ['z'], f.z.length, f.x.length, `has ${f.z.length} values, x has ${f.x.length}`);
      }
      const t = f.trajectory;
      if (t) {
        sameLength(ctx, ['trajectory', 'y'], t.y.length, t.x.length, `has ${t.y.length} values, trajectory.x has ${t.x.length}`);
        if (t.z) sameLength(ctx, ['trajectory', 'z'], t.z.length, t.x.length, `has ${t.z.length} values, trajectory.x has ${t.x.length}`);
      }
    }),
  );

const measured = z
  .object({
    name: z.string(),
    x: finiteNumbers,
    loss: described(values, 'NaN and ±Infinity are kept: a gap in the curve is a finding.'),
    gradient: values,
  })
  .check(
    z.superRefine((m, ctx) => {
      if (m.loss.length !== m.x.length || m.gradient.length !== m.x.length) ctx.addIssue({ code: 'custom', message: 'x, loss and gradient differ in length', input: m });
    }),
  );

const lossEntry = z.object({
  id: described(z.string(), "A loss id of the extension's catalog; unknown ids are reported in the output."),
  options: z.optional(z.record(z.string(), z.union([anyNumber, z.string(), z.boolean(), z.null()], { error: 'expected a number, string, boolean or null' }))),
});

const explorer = z.object({
  version,
  kind: z.literal('explorer'),
  title,
  losses: described(bounded(lossEntry).check(z.minLength(1, 'needs at least one loss')), 'Catalog ids with their options; the renderer computes the curves with the engine.'),
  target: z.optional(z.number()),
  range: z.optional(described(increasingSpan, '[low, high] with low < high.')),
  showGradient: z.optional(z.boolean()),
  measured: z.optional(described(bounded(measured, MAX_MEASURED), "Curves measured elsewhere (a user's own loss run in their Python), drawn beside the catalog losses.")),
});

/** The figure payload, declared once. */
export const FIGURE = z.discriminatedUnion('kind', [curves, landscape, explorer], { error: `expected one of ${FIGURE_KINDS.map((k) => JSON.stringify(k)).join(', ')}` });

/** What media/figure.schema.json says beside the declaration. */
export const FIGURE_SCHEMA_META = {
  $id: `https://losslab.dev/schemas/figure.v${FIGURE_VERSION}.json`,
  title: `Loss Lab figure (${FIGURE_MIME}), version ${FIGURE_VERSION}`,
  description:
    'A figure drawn by the Loss Lab extension (webviews and notebook renderer). Generated from src/protocol/figure.ts (node --import tsx scripts/gen-schemas.ts); do not edit. ' +
    'Unknown properties are ignored. parseFigure also checks what this schema does not express: in a series, steps, wallTime and smoothed.values have as many entries as values, total is at least that many, ' +
    "and an anomaly's `at` indexes a value; a landscape with y has z as rows (one per y value, each with one value per x value), one without y has one z value per x; " +
    "a trajectory's x, y (and z) have one length; range is [low, high] with low < high; a measured curve's x, loss and gradient have one length.",
};

export type Figure = z.output<typeof FIGURE>;
export type CurvesFigure = z.output<typeof curves>;
export type LandscapeFigure = z.output<typeof landscape>;
export type ExplorerFigure = z.output<typeof explorer>;
export type CurveSeries = z.output<typeof curveSeries>;
export type SeriesAnomaly = z.output<typeof anomaly>;
export type MeasuredCurve = z.output<typeof measured>;
export type CurvesXAxis = (typeof CURVES_X_AXES)[number];

/** Read first, so that a newer payload says "update" whatever else changed in it. */
const HEADER = z.object(
  {
    version: z.int({ error: 'expected an integer' }).check(
      z.superRefine((v, ctx) => {
        if (v > FIGURE_VERSION) ctx.addIssue({ code: 'custom', message: `figure version ${v} is newer than this Loss Lab understands (${FIGURE_VERSION}); update the extension`, input: v });
        else if (v < 1) ctx.addIssue({ code: 'custom', message: `unsupported version ${v}`, input: v });
      }),
    ),
  },
  { error: 'expected a JSON object' },
);

/** Any figure, its version read first (a newer payload says "update"), as messages carry it. The
 *  first step is a transform so that its JSON schema is the figure's (zod reads past a transform). */
export const CHECKED_FIGURE = z.pipe(
  z.transform((v: unknown, payload) => {
    const header = HEADER.safeParse(v);
    if (!header.success) for (const { path, message } of header.error.issues) payload.issues.push({ code: 'custom', path, message, input: v });
    return v;
  }),
  FIGURE,
);

/** Validates an untrusted payload. A newer version or unknown kind is an error that says so. */
export function parseFigure(payload: unknown): Figure {
  return parseWith(CHECKED_FIGURE, payload);
}
