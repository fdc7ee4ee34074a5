/** A catalog loss as a PyTorch call: its `torch.nn.functional` spelling where the catalog gives one,
 *  else a function written out in torch from the catalog's formula (the script defines it). Options
 *  keep their catalog names unless the spelling's argMap renames them. */
import type { LossSpec, Options } from '../catalog/types';

/** Python definitions, in torch, of the trainable losses PyTorch itself does not spell; each
 *  follows its catalog formula (quoted in the script). */
export const TORCH_FORMULAS: Readonly<Record<string, string>> = {
  sigmoid_focal_loss: [
    'def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction="none"):',
    '    p = torch.sigmoid(inputs)',
    '    ce = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")',
    '    p_t = p * targets + (1 - p) * (1 - targets)',
    '    loss = ce * ((1 - p_t) ** gamma)',
    '    if alpha >= 0:',
    '        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss',
    '    if reduction == "mean":',
    '        return loss.mean()',
    '    if reduction == "sum":',
    '        return loss.sum()',
    '    return loss',
  ].join('\n'),
};

const FUNCTIONAL = 'torch.nn.functional.';

export interface TorchLoss {
  /** The Python callable: "F.mse_loss" or the name of a function from TORCH_FORMULAS. */
  call: string;
  options: Options;
}

export function torchLoss(loss: LossSpec, options: Options): TorchLoss {
  const spelling = loss.spellings.find((s) => s.framework === 'pytorch' && s.kind === 'functional' && s.name.startsWith(FUNCTIONAL));
  if (spelling) {
    const theirs = Object.fromEntries(Object.entries(spelling.argMap ?? {}).map(([their, ours]) => [ours, their]));
    return { call: `F.${spelling.name.slice(FUNCTIONAL.length)}`, options: Object.fromEntries(Object.entries(options).map(([k, v]) => [theirs[k] ?? k, v])) };
  }
  if (loss.id in TORCH_FORMULAS) return { call: loss.id, options };
  throw new Error(`${loss.id} has no PyTorch spelling and no torch formula to export`);
}
