import * as vscode from 'vscode';
import { readSetting, type SettingKey, type SettingValue } from '../config/schema.js';

/**
 * A `teamSre.*` setting for a resource (a workspace folder's own value when it has one), made safe by the
 * configuration module: its default when unset or invalid.
 */
export function setting<K extends SettingKey>(key: K, scope?: vscode.Uri): SettingValue<K> {
  const [section, ...name] = key.split('.');
  return readSetting(key, vscode.workspace.getConfiguration(section, scope).get(name.join('.')));
}
