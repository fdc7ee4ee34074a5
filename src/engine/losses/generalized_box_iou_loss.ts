import { boxIouSpec } from './box_iou_catalog';

export const spec = boxIouSpec('giou', {
  id: 'generalized_box_iou_loss',
  title: 'Generalized IoU loss (GIoU)',
  summary: '1 − IoU plus the fraction of the smallest enclosing box not covered by the union: unlike 1 − IoU it still has a gradient when the boxes do not overlap.',
  formula: {
    unicode: 'ℓ = 1 − I/(U + ε) + (C − U)/(C + ε),  I = intersection, U = area₁ + area₂ − I, C = area of the smallest enclosing box',
    latex: '\\ell = 1 - \\frac{|A\\cap B|}{|A\\cup B| + \\epsilon} + \\frac{|C| - |A\\cup B|}{|C| + \\epsilon}',
  },
  gradient: 'Through the intersection only while the boxes overlap; the enclosing-box term pulls disjoint boxes together. min/max ties (shared edges) split the gradient equally between the boxes. Range [0, 2).',
  whenToUse: ['Box regression in detectors (DETR, FCOS) where predicted and true boxes may not overlap at first.', 'When the evaluation metric is IoU-based (mAP) and an L1 loss alone optimises the wrong thing.'],
  references: [
    { title: 'Rezatofighi et al., Generalized Intersection over Union, CVPR 2019', url: 'https://arxiv.org/abs/1902.09630' },
    { title: 'torchvision.ops.generalized_box_iou_loss', url: 'https://pytorch.org/vision/0.14/generated/torchvision.ops.generalized_box_iou_loss.html' },
  ],
  extraPitfall: {
    id: 'giou-slow-for-contained',
    title: 'GIoU degenerates to 1 − IoU when one box contains the other',
    detail: 'Then the enclosing box equals the larger box and the extra term only sees areas, not positions: convergence is slow for nested boxes. DIoU/CIoU add a centre-distance term that keeps pulling.',
  },
});
