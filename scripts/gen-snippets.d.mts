import type { LossSpec } from '../src/engine/catalog/types';

export interface Snippet {
  prefix: string[];
  body: string[];
  description: string;
}

/** VS Code snippets for every module/functional spelling of `losses`, plus loss-definition skeletons. */
export function snippetsFrom(losses: readonly LossSpec[]): Record<string, Snippet>;
/** Writes out/snippets/python.json (or `outFile`); returns the number of snippets. */
export function generateSnippets(outFile?: string): Promise<number>;
