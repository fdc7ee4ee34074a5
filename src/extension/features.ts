import type { Feature } from './feature';
import { checkLossFeature } from './checkLoss/feature';
import { editorFeature } from './editor/feature';
import { notebookFeature } from './notebook/commands';
import { panelsFeature } from './panels';
import { sweepFeature } from './sweep/feature';
import { logsFeature } from './logs/feature';
import { walkthroughFeature } from './walkthrough/feature';

/** Every feature the extension activates, in order. Add one line per feature. */
export const FEATURES: readonly Feature[] = [
  editorFeature,
  panelsFeature,
  notebookFeature,
  sweepFeature,
  checkLossFeature,
  logsFeature,
  walkthroughFeature,
];
