import type { Feature } from './feature';

/** Every feature the extension activates, in order. Add one line per feature. */
export const FEATURES: readonly Feature[] = [
];
