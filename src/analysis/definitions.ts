/** Top-level definitions a runner can import by name: the one enclosing a line (the "function under
 *  the cursor") and the imports a notebook cell inherits from the cells before it. Plain text
 *  reading: only module-level `def` / `class` lines and import statements matter here. */

const TOP_LEVEL = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/;

/** The module-level function or class whose body holds `line` (0-based), if any. */
export function topLevelDefinitionAt(text: string, line: number): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
    const l = lines[i]!;
    const m = TOP_LEVEL.exec(l);
    if (m) return m[1];
    // Another module-level statement between the cursor and a definition ends the search.
    if (/^[^\s#@)\]}]/.test(l) && !/^(?:"""|''')/.test(l)) return undefined;
  }
  return undefined;
}

/** A module made of a notebook cell: the import lines of the cells before it, then the cell itself. */
export function cellModuleSource(previousCells: readonly string[], cell: string): string {
  const imports = previousCells.flatMap((c) => c.split(/\r?\n/).filter((l) => /^(?:import\s|from\s+\S+\s+import\s)/.test(l) && !/\\$|\($/.test(l.trim())));
  return [...imports, cell].join('\n') + '\n';
}
