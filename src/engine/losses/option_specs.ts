/** Option descriptions shared by several losses (PyTorch's reduction and its deprecated forms). */
import type { OptionSpec, OptionValue } from '../catalog/types';

/** `reduction` as torch.nn.functional documents it; `over` names what 'mean' averages. */
export function reductionOption(over: string): OptionSpec {
  return {
    name: 'reduction',
    type: 'enum',
    default: 'mean',
    choices: ['none', 'mean', 'sum'],
    meaning: `How the per-element losses are combined: 'none' keeps them, 'mean' averages ${over}, 'sum' adds them up.`,
    explain: (v: OptionValue) => {
      if (v === 'none') return 'returns the unreduced losses (no averaging); sum or average them yourself before backward()';
      if (v === 'sum') return `adds the losses: the value and gradients grow with the number of ${over.replace(/^over (all )?/, '')}`;
      if (v === 'mean' || v === 'elementwise_mean') return `averages ${over}: the scale does not depend on the batch size`;
      return `${JSON.stringify(v)} is not a valid reduction (PyTorch raises ValueError): use 'none', 'mean' or 'sum'`;
    },
  };
}

/** The pre-0.4 pair that PyTorch still accepts and that overrides `reduction` when given. */
export const LEGACY_REDUCTION_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'size_average',
    type: 'boolean',
    default: null,
    meaning: "Deprecated (use reduction): with reduce, false means 'sum' instead of 'mean'.",
    explain: (v) => (v === false ? "deprecated: sums instead of averaging (reduction='sum')" : "deprecated: averages (reduction='mean'); write reduction= instead"),
  },
  {
    name: 'reduce',
    type: 'boolean',
    default: null,
    meaning: "Deprecated (use reduction): false means no reduction ('none'), whatever size_average says.",
    explain: (v) => (v === false ? "deprecated: no reduction (reduction='none')" : 'deprecated: reduces as size_average says; write reduction= instead'),
  },
];

/** Plain-number formatting for explanations: 0.5, 1e-3, not 0.5000000001. */
export function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
