import { LOSSES, spellingsOf } from './index';
import type { LossSpec } from './types';

/** The catalog as plain data (no functions), for `losslab list --json` and the docs. */
export function lossJson(l: LossSpec): Record<string, unknown> {
  const { compute: _compute, options, ...rest } = l;
  return {
    ...rest,
    spellings: spellingsOf(l),
    options: options.map(({ explain: _explain, ...o }) => o),
  };
}

export function catalogJson(): Record<string, unknown>[] {
  return LOSSES.map(lossJson);
}
