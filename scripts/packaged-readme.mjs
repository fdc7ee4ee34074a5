// The README that the installed extension shows on its Extensions-view page, written to
// out/README.md: the Extensions view draws images only from https: and data: URIs and Loss Lab
// loads nothing from the network, so each image the README links relatively is inlined as a data:
// URI. `npm run package` ships it (vsce --readme-path) and `npm start` links it as installed.
// Usage: node scripts/packaged-readme.mjs   (also run by scripts/build.mjs)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGED_README = join(REPO, 'out', 'README.md');

const IMAGE_TYPES = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

/** `markdown` with every relative image link `![alt](path)` replaced by a data: URI of the file
 *  (read relative to `base`); an image of another type, or missing, is an error. */
export function inlineImages(markdown, base) {
  return markdown.replace(/!\[([^\]]*)\]\((?!https?:|data:)([^)\s]+)\)/g, (_, alt, path) => {
    const type = IMAGE_TYPES[extname(path).toLowerCase()];
    if (!type) throw new Error(`README image ${path}: only ${Object.keys(IMAGE_TYPES).join(', ')} can be inlined`);
    return `![${alt}](data:${type};base64,${readFileSync(join(base, path)).toString('base64')})`;
  });
}

export function writePackagedReadme() {
  writeFileSync(PACKAGED_README, inlineImages(readFileSync(join(REPO, 'README.md'), 'utf8'), REPO));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writePackagedReadme();
