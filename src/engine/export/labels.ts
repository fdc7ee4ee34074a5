/** How a grid axis names a loss or an optimiser with its options, so that an Optuna or Ray Tune
 *  trial's params say which run it was: the name alone, or the name, a space and the options as
 *  JSON ("sigmoid_focal_loss {"gamma":2}"). */
import type { Options } from '../catalog/types';

type OptionsLike = Readonly<Record<string, unknown>>;

export function axisLabel(name: string, options: OptionsLike): string {
  return Object.keys(options).length === 0 ? name : `${name} ${JSON.stringify(options)}`;
}

/** The name and options of a label written by axisLabel; null when it is not one. */
export function parseAxisLabel(label: string): { name: string; options: Options } | null {
  const space = label.indexOf(' ');
  if (space < 0) return label ? { name: label, options: {} } : null;
  try {
    const options: unknown = JSON.parse(label.slice(space + 1));
    if (typeof options !== 'object' || options === null || Array.isArray(options)) return null;
    return { name: label.slice(0, space), options: options as Options };
  } catch {
    return null;
  }
}
