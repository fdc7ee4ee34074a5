import { boxIouSpec } from './box_iou_catalog';

export const spec = boxIouSpec('ciou', {
  id: 'complete_box_iou_loss',
  title: 'Complete IoU loss (CIoU)',
  summary: 'DIoU plus an aspect-ratio consistency term α·v, with v the squared difference of the boxes\' angles atan(w/h) and α a trade-off weight.',
  formula: {
    unicode: 'ℓ = DIoU + α·v,  v = (4/π²)(atan(w₂/h₂) − atan(w₁/h₁))²,  α = v/(1 − IoU + v + ε) (no gradient through α)',
    latex: '\\ell = 1 - \\mathrm{IoU} + \\frac{\\rho^2}{c^2} + \\alpha v,\\quad v = \\frac{4}{\\pi^2}\\left(\\arctan\\frac{w^{gt}}{h^{gt}} - \\arctan\\frac{w}{h}\\right)^2,\\quad \\alpha = \\frac{v}{1 - \\mathrm{IoU} + v}',
  },
  gradient: 'As DIoU plus α·dv, α held constant (torch.no_grad) as the paper prescribes; the DIoU part always uses ε = 1e-7 whatever eps is passed. Zero-height boxes make atan(w/h) divide by zero.',
  whenToUse: ['Box regression in YOLO-family detectors, where CIoU is the default.', 'When predicted boxes should also match the shape (aspect ratio) of the target.'],
  references: [
    { title: 'Zheng et al., Enhancing Geometric Factors in Model Learning and Inference for Object Detection (CIoU), 2021', url: 'https://arxiv.org/abs/2005.03572' },
    { title: 'torchvision.ops.complete_box_iou_loss', url: 'https://pytorch.org/vision/0.14/generated/torchvision.ops.complete_box_iou_loss.html' },
  ],
  extraPitfall: {
    id: 'ciou-degenerate-height',
    title: 'Zero-height boxes give NaN',
    detail: 'v uses atan(w/h): a predicted box with h = 0 divides by zero (inf/NaN gradients). Keep heights positive, e.g. predict log-sizes or clamp.',
  },
});
