// The one runtime import of web-tree-sitter. Loaded through require so bundlers pick its CommonJS
// build: the ES build finds its files with import.meta.url, which a CommonJS extension bundle lacks,
// and two copies of the library would not share the loaded WebAssembly module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { Edit, Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');
export type Parser = import('web-tree-sitter').Parser;
export type Language = import('web-tree-sitter').Language;
