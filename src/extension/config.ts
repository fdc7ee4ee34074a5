/** The one place settings are read (as rust-analyzer's Config): typed, with package.json's defaults. */
import * as vscode from 'vscode';
import { SETTINGS_SECTION, settingDefault, type SettingKey, type SettingValue } from './settings';

export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION, scope).get<SettingValue<K>>(key, settingDefault(key));
}

/** Whether a configuration change touches `key` (or, for a prefix like 'diagnostics', any under it). */
export function affects(e: vscode.ConfigurationChangeEvent, key: SettingKey | 'diagnostics' | 'codeLens'): boolean {
  return e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`);
}
