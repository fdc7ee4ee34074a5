/** torchvision.ops losses (0.14): the catalog entries are torchvision's own functions, so each
 *  spelling runs its entry's computation. */
import { spec as focal } from '../../losses/sigmoid_focal_loss';
import { computeBoxLoss, type BoxLossKind } from '../../losses/box_iou';
import { BOX_LOSS_OPTIONS } from '../../losses/box_iou_catalog';
import type { LossResult } from '../../catalog/types';
import { arg, defineFrameworkLoss } from '../define';
import type { FrameworkLoss } from '../types';


function boxLoss(fn: string, kind: BoxLossKind, differences: string): FrameworkLoss {
  const name = `torchvision.ops.${fn}`;
  return defineFrameworkLoss({
    name, framework: 'torchvision', kind: 'functional', lossId: fn,
    args: [arg('boxes1', true, 'Predicted boxes (…, 4) as (x1, y1, x2, y2).'), arg('boxes2', true, 'Ground-truth boxes (…, 4).')],
    options: BOX_LOSS_OPTIONS,
    differences,
    run(args, o, wantGrad): LossResult {
      return computeBoxLoss({ id: name, options: BOX_LOSS_OPTIONS }, kind, args, o.given(), wantGrad);
    },
  });
}

const sigmoidFocal = defineFrameworkLoss({
  name: 'torchvision.ops.sigmoid_focal_loss', framework: 'torchvision', kind: 'functional', lossId: 'sigmoid_focal_loss',
  args: [arg('inputs', true, 'Logits.'), arg('targets', true, 'Binary labels as floats, same shape.')],
  options: focal.options,
  differences: "This is the catalog entry's own definition: alpha = 0.25, gamma = 2, reduction = 'none' by default.",
  run(args, _o, wantGrad): LossResult {
    return focal.compute(args, _o.given(), wantGrad);
  },
});

export const TORCHVISION_LOSSES: readonly FrameworkLoss[] = [
  boxLoss('generalized_box_iou_loss', 'giou', "The catalog entry is torchvision's function: reduction defaults to 'none', eps = 1e-7; boxes are not validated (inverted boxes are computed as given)."),
  boxLoss('distance_box_iou_loss', 'diou', "The catalog entry is torchvision's function: reduction defaults to 'none', eps = 1e-7 in the IoU and the diagonal."),
  boxLoss('complete_box_iou_loss', 'ciou', "The catalog entry is torchvision's function: reduction defaults to 'none'; the DIoU part always uses eps 1e-7 and the aspect-ratio weight α carries no gradient."),
  sigmoidFocal,
];
