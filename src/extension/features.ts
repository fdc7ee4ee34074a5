import type { Feature } from './feature';
import { editorFeature } from './editor/feature';
import { notebookFeature } from './notebook/commands';
import { plotPanelFeature } from './plotPanel';

/** Every feature the extension activates, in order. Add one line per feature. */
export const FEATURES: readonly Feature[] = [
  editorFeature,
  plotPanelFeature,
  notebookFeature,
];
