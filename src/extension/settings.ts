/** Every Loss Lab setting with its default, read from package.json's contributes.configuration (the
 *  one statement of them). No vscode here, so tests can hold the code and the manifest equal. */
import pkg from '../../package.json';

type Properties = typeof pkg.contributes.configuration.properties;
/** 'hover.enabled', 'sweep.workers', … (the key after 'losslab.'). */
export type SettingKey = keyof Properties extends `losslab.${infer K}` ? K : never;
export type SettingValue<K extends SettingKey> = Properties[`losslab.${K}`] extends { default: infer D } ? (D extends boolean ? boolean : D extends number ? number : D extends string ? string : D) : never;

export const SETTINGS_SECTION = 'losslab';

export const SETTING_KEYS = Object.keys(pkg.contributes.configuration.properties).map((k) => k.slice(SETTINGS_SECTION.length + 1)) as SettingKey[];

export function settingDefault<K extends SettingKey>(key: K): SettingValue<K> {
  const property = (pkg.contributes.configuration.properties as Record<string, { default?: unknown }>)[`${SETTINGS_SECTION}.${key}`];
  return (property?.default ?? {}) as SettingValue<K>;
}
