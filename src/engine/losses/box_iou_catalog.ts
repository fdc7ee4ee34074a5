/** Catalog text shared by torchvision's three IoU-family box losses. */
import type { LossSpec, OptionSpec, Pitfall, TensorArgSpec } from '../catalog/types';
import { rejectUnknownNames } from './call_options';
import { computeBoxLoss, type BoxLossKind } from './box_iou';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';
import { SHAPES } from './shapes';

const ARGS: readonly TensorArgSpec[] = [
  { name: 'boxes1', shape: '(N, 4) or (…, 4)', dtype: 'float', differentiable: true, meaning: 'Predicted boxes as (x1, y1, x2, y2) with x1 < x2, y1 < y2.' },
  { name: 'boxes2', shape: '(N, 4), broadcastable to boxes1', dtype: 'float', differentiable: true, meaning: 'Ground-truth boxes as (x1, y1, x2, y2).' },
];

/** torchvision's options of the three box losses (its spellings read these too). */
export const BOX_LOSS_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'reduction', type: 'enum', default: 'none', choices: ['none', 'mean', 'sum'],
    meaning: "'none' (default) keeps one loss per box pair, 'mean' averages them (0 for no boxes), 'sum' adds them; torchvision 0.14 treats any other string as 'none'.",
    explain: (v) => (v === 'mean' ? 'averages over box pairs' : v === 'sum' ? 'adds the box-pair losses' : 'one loss per box pair: reduce it yourself'),
  },
  { name: 'eps', type: 'number', default: 1e-7, range: { min: 0 }, meaning: 'Added to the denominators so that empty unions and enclosing boxes do not divide by zero.' },
];

const XYXY: Pitfall = {
  id: 'box-format-xyxy',
  title: 'Boxes must be (x1, y1, x2, y2), not (x, y, w, h) or (cx, cy, w, h)',
  detail: 'torchvision does not validate boxes: a box in another format, or one with x2 < x1, is computed as given and yields a meaningless loss and gradient. Convert with torchvision.ops.box_convert first.',
};

const NORMALISED: Pitfall = {
  id: 'box-loss-with-l1',
  title: 'IoU losses are scale-free: pair them with an L1 term early in training',
  detail: 'The loss is invariant to the scale of the boxes, so it gives weak signals for tiny boxes and none about absolute position error; detectors (DETR, YOLO) add an L1 loss on normalised coordinates.',
};

export function boxIouSpec(kind: BoxLossKind, text: Pick<LossSpec, 'id' | 'title' | 'summary' | 'formula' | 'gradient' | 'whenToUse' | 'references'> & { extraPitfall: Pitfall }): LossSpec {
  const spec: LossSpec = {
    id: text.id,
    title: text.title,
    family: 'detection',
    summary: text.summary,
    formula: text.formula,
    args: ARGS,
    options: BOX_LOSS_OPTIONS,
    shapes: SHAPES.boxes,
    spellings: [{ framework: 'torchvision', kind: 'functional', name: `torchvision.ops.${text.id}` }],
    whenToUse: text.whenToUse,
    pitfalls: [XYXY, text.extraPitfall, NORMALISED, NAIVE_LOSS_COMBINATION],
    gradient: text.gradient,
    references: text.references,
    expects: { prediction: 'values', target: 'values' },
    notPerExample: 'it compares boxes (x1, y1, x2, y2), four coordinates per example, not one prediction with one target',
    compute(args, options, wantGrad) {
      rejectUnknownNames(spec, args, options);
      return computeBoxLoss(spec, kind, args, options, wantGrad);
    },
  };
  return spec;
}
