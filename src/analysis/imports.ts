import type { Node } from 'web-tree-sitter';
import { canonicalName } from '../engine/frameworks/names';
import { spanOf, type Span } from './syntax';

export { canonicalName };

/** A local name bound by an import and the fully qualified module path or object it stands for. */
export interface ImportBinding {
  local: string;
  qualified: string;
  /** The `from ... import` statement that bound it, so a fix can add a sibling name there. */
  fromStatement?: Span;
}

export type ImportMap = ReadonlyMap<string, ImportBinding>;

/** Conventional names people use without showing the import (notebook cells, snippets). Used only
 *  when a name is bound by no import in sight. Module aliases, not loss names. */
const CONVENTIONAL: Readonly<Record<string, string>> = {
  torch: 'torch',
  nn: 'torch.nn',
  F: 'torch.nn.functional',
  tf: 'tensorflow',
  keras: 'keras',
  optax: 'optax',
  jax: 'jax',
  jnp: 'jax.numpy',
  sklearn: 'sklearn',
};

/** A qualified name as it is usually written after the conventional imports (the inverse of
 *  CONVENTIONAL): `torch.nn.functional.mse_loss` is `F.mse_loss`, `tensorflow.nn.x` is `tf.nn.x`. */
export function conventionalName(qualified: string): string {
  let best: [alias: string, module: string] | undefined;
  for (const [alias, module] of Object.entries(CONVENTIONAL)) {
    if (qualified.startsWith(`${module}.`) && module.length > (best?.[1].length ?? 0)) best = [alias, module];
  }
  return best ? best[0] + qualified.slice(best[1].length) : qualified;
}

export function collectImports(statements: readonly Node[]): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  const bind = (local: string, qualified: string, fromStatement?: Span) =>
    bindings.set(local, { local, qualified: canonicalName(qualified), fromStatement });
  for (const statement of statements) {
    if (statement.type === 'import_statement') {
      for (const name of statement.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const path = name.childForFieldName('name')?.text;
          const alias = name.childForFieldName('alias')?.text;
          if (path && alias) bind(alias, path);
        } else {
          // `import torch.nn` binds `torch`; attribute access then walks the rest of the path.
          const head = name.text.split('.')[0];
          if (head) bind(head, head);
        }
      }
    } else if (statement.type === 'import_from_statement') {
      const moduleNode = statement.childForFieldName('module_name');
      if (!moduleNode || moduleNode.type === 'relative_import') continue;
      const module = moduleNode.text;
      for (const name of statement.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const path = name.childForFieldName('name')?.text;
          const alias = name.childForFieldName('alias')?.text;
          if (path && alias) bind(alias, `${module}.${path}`, spanOf(statement));
        } else {
          bind(name.text, `${module}.${name.text}`, spanOf(statement));
        }
      }
    }
  }
  return bindings;
}

/** Fully qualified, canonical name of a dotted expression as written (`F.cross_entropy` ->
 *  "torch.nn.functional.cross_entropy"), or undefined when its head is a local variable. */
export function qualify(dotted: string, imports: ImportMap, locals?: ReadonlySet<string>): string | undefined {
  const dot = dotted.indexOf('.');
  const head = dot === -1 ? dotted : dotted.slice(0, dot);
  const rest = dot === -1 ? '' : dotted.slice(dot);
  const bound = imports.get(head)?.qualified ?? (locals?.has(head) ? undefined : CONVENTIONAL[head]);
  return bound === undefined ? undefined : canonicalName(bound + rest);
}

/** A local name under which `module` (canonical) can be written here, e.g. "tf.keras" or "keras". */
export function spellModule(module: string, imports: ImportMap): string | undefined {
  let best: string | undefined;
  for (const { local, qualified } of imports.values()) {
    if (qualified === module) return local;
    if (module.startsWith(`${qualified}.`)) {
      const candidate = local + module.slice(qualified.length);
      if (!best || candidate.length < best.length) best = candidate;
    }
    if (qualified === 'tensorflow' && module.startsWith('keras')) {
      const candidate = `${local}.${module}`;
      if (!best || candidate.length < best.length) best = candidate;
    }
  }
  return best;
}
