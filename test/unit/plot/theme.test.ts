import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, themeFromCss, themeKindFromClasses, withAlpha } from '../../../src/plot/theme';

test('theme colours and font come from the VS Code CSS variables', () => {
  const vars: Record<string, string> = {
    '--vscode-editor-background': ' #1f1f1f',
    '--vscode-editor-foreground': '#d4d4d4 ',
    '--vscode-charts-blue': '#4daafc',
    '--vscode-charts-red': '#f85149',
    '--vscode-font-family': 'Fira Sans',
    '--vscode-font-size': '15px',
  };
  const t = themeFromCss((n) => vars[n] ?? '', ['vscode-dark', 'other']);
  assert.equal(t.kind, 'dark');
  assert.equal(t.background, '#1f1f1f');
  assert.equal(t.foreground, '#d4d4d4');
  assert.deepEqual(t.colors.slice(0, 2), ['#4daafc', '#f85149']);
  assert.equal(t.fontFamily, 'Fira Sans');
  assert.equal(t.fontSize, 15);
  // unset variables fall back to VS Code's dark defaults
  assert.equal(t.colors[2], DARK_THEME.colors[2]);
});

test('the body class decides the kind, high contrast included', () => {
  assert.equal(themeKindFromClasses(['vscode-light']), 'light');
  assert.equal(themeKindFromClasses(['vscode-high-contrast']), 'high-contrast');
  assert.equal(themeKindFromClasses(['vscode-high-contrast', 'vscode-high-contrast-light']), 'high-contrast-light');
  assert.equal(themeKindFromClasses([]), 'light');
  assert.notEqual(LIGHT_THEME.background, DARK_THEME.background);
});

test('withAlpha turns hex and rgb colours into rgba', () => {
  assert.equal(withAlpha('#ff8000', 0.25), 'rgba(255,128,0,0.25)');
  assert.equal(withAlpha('#f80', 0.5), 'rgba(255,136,0,0.5)');
  assert.equal(withAlpha('rgb(1, 2, 3)', 0.1), 'rgba(1,2,3,0.1)');
  assert.equal(withAlpha('teal', 0.1), 'teal');
});
