/** Plot colours and fonts taken from VS Code's theme (its CSS variables in webviews and notebook
 *  outputs), so that figures look like part of the editor in light, dark and high-contrast themes. */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface PlotTheme {
  kind: ThemeKind;
  background: string;
  foreground: string;
  /** Secondary text (axis titles, hover of faint traces). */
  muted: string;
  grid: string;
  fontFamily: string;
  fontSize: number;
  /** Trace colours in order. */
  colors: readonly string[];
  /** Markers for problems (spikes, NaN) and warnings (divergence). */
  error: string;
  warning: string;
  /** Plotly colour scale for contours and surfaces. */
  colorscale: string;
}

const FALLBACK_COLORS: Record<'light' | 'dark', readonly string[]> = {
  light: ['#1a85ff', '#e51400', '#bf8803', '#d18616', '#388a34', '#652d90'],
  dark: ['#3794ff', '#f14c4c', '#cca700', '#d18616', '#89d185', '#b180d7'],
};

/** VS Code puts exactly one of these classes on the webview's body. */
export function themeKindFromClasses(classes: readonly string[]): ThemeKind {
  if (classes.includes('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.includes('vscode-high-contrast')) return 'high-contrast';
  if (classes.includes('vscode-dark')) return 'dark';
  return 'light';
}

/** Builds a theme from a CSS variable reader (getComputedStyle(body).getPropertyValue in a webview;
 *  anything in tests). Missing variables fall back to VS Code's default colours. */
export function themeFromCss(read: (variable: string) => string, bodyClasses: readonly string[]): PlotTheme {
  const kind = themeKindFromClasses(bodyClasses);
  const darkish = kind === 'dark' || kind === 'high-contrast';
  const get = (name: string, fallback: string): string => read(name).trim() || fallback;
  const fallback = FALLBACK_COLORS[darkish ? 'dark' : 'light'];
  const colors = ['blue', 'red', 'yellow', 'orange', 'green', 'purple'].map((c, i) => get(`--vscode-charts-${c}`, fallback[i]!));
  const foreground = get('--vscode-editor-foreground', darkish ? '#cccccc' : '#3b3b3b');
  const size = Number.parseFloat(read('--vscode-font-size'));
  return {
    kind,
    background: get('--vscode-editor-background', darkish ? '#1e1e1e' : '#ffffff'),
    foreground,
    muted: get('--vscode-descriptionForeground', foreground),
    grid: get('--vscode-charts-lines', darkish ? 'rgba(204,204,204,0.2)' : 'rgba(59,59,59,0.15)'),
    fontFamily: get('--vscode-font-family', 'system-ui, -apple-system, "Segoe UI", sans-serif'),
    fontSize: Number.isFinite(size) && size > 0 ? size : 13,
    colors,
    error: get('--vscode-errorForeground', colors[1]!),
    warning: get('--vscode-editorWarning-foreground', colors[2]!),
    colorscale: darkish ? 'Viridis' : 'YlGnBu',
  };
}

/** The theme used outside VS Code (tests, exports without a page). */
export const LIGHT_THEME: PlotTheme = themeFromCss(() => '', ['vscode-light']);
export const DARK_THEME: PlotTheme = themeFromCss(() => '', ['vscode-dark']);

/** A colour with an alpha, for the faint raw curves. Accepts #rgb, #rrggbb and rgb(); other CSS
 *  colours are returned unchanged (the trace's opacity then does the job). */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(c);
  if (m) {
    const [r, g, b] = [...m[1]!].map((h) => Number.parseInt(h + h, 16));
    return `rgba(${r},${g},${b},${alpha})`;
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (m) {
    const hex = m[1]!;
    const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    return `rgba(${r},${g},${b},${alpha})`;
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(c);
  if (m) return `rgba(${m[1]},${m[2]},${m[3]},${alpha})`;
  return c;
}
