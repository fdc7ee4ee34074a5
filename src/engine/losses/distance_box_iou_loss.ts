import { boxIouSpec } from './box_iou_catalog';

export const spec = boxIouSpec('diou', {
  id: 'distance_box_iou_loss',
  title: 'Distance IoU loss (DIoU)',
  summary: '1 − IoU plus the squared distance of the box centres over the squared diagonal of the enclosing box: converges faster than GIoU, also for nested boxes.',
  formula: {
    unicode: 'ℓ = 1 − I/(U + ε) + ρ²(c₁, c₂)/(d² + ε),  ρ = distance of the centres, d = diagonal of the smallest enclosing box',
    latex: '\\ell = 1 - \\mathrm{IoU} + \\frac{\\rho^2(b, b^{gt})}{c^2 + \\epsilon}',
  },
  gradient: 'The centre term moves the predicted centre straight towards the true one even without overlap, scaled by the enclosing diagonal; min/max ties split equally. Range [0, 2).',
  whenToUse: ['Box regression when boxes are often nested or far apart (faster convergence than GIoU).', 'As DIoU-NMS companion in YOLO-style detectors.'],
  references: [
    { title: 'Zheng et al., Distance-IoU Loss, AAAI 2020', url: 'https://arxiv.org/abs/1911.08287' },
    { title: 'torchvision.ops.distance_box_iou_loss', url: 'https://pytorch.org/vision/0.14/generated/torchvision.ops.distance_box_iou_loss.html' },
  ],
  extraPitfall: {
    id: 'diou-ignores-aspect',
    title: 'DIoU ignores the aspect ratio',
    detail: 'Two boxes with the same centre and area but different shapes get the same centre term; CIoU adds an aspect-ratio penalty.',
  },
});
