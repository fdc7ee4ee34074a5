/** The '/'-separated relative paths the readers claim runs from (as the walker lists them). */

/** The folder holding `path`, '.' for a file at the top. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

/** The last part of `path`. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
