export interface Snippet {
  prefix: string[];
  body: string[];
  description: string;
}

/** VS Code snippets that define a loss of one's own (PyTorch module, Keras loss, JAX function). */
export function snippetsFrom(): Record<string, Snippet>;
/** Writes out/snippets/python.json (or `outFile`); returns the number of snippets. */
export function generateSnippets(outFile?: string): Promise<number>;
