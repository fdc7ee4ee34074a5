/** Reading the VS Code theme in a webview or notebook output, and following its changes. */
import { themeFromCss, type PlotTheme } from './theme';

export function readTheme(element: HTMLElement = document.body): PlotTheme {
  const style = getComputedStyle(element);
  return themeFromCss((name) => style.getPropertyValue(name), Array.from(document.body.classList));
}

/** Calls `onChange` with the new theme whenever VS Code switches theme (it swaps the body's
 *  vscode-light / vscode-dark / vscode-high-contrast class and its CSS variables). Returns a
 *  function that stops observing. */
export function observeTheme(onChange: (theme: PlotTheme) => void): () => void {
  let last = document.body.className;
  const observer = new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange(readTheme());
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
