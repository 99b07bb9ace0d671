// Which sparkline a Runs row shows (setting `runlens.runs.sparkline`): solid bars, lighter dots,
// or none. "auto" draws dots in light themes, where a row description (which an extension cannot
// colour) makes solid bars the darkest ink in the view, and bars in dark themes.
import * as vscode from 'vscode';
import { type SparkStyle } from '../../views/present/sparkline';

/** The setting's values. */
export type SparklineSetting = 'auto' | 'bars' | 'dots' | 'off';

/** What a row draws: a style and a width in characters, or nothing. */
export interface SparkOptions {
  readonly style: SparkStyle;
  readonly width: number;
}

/** Characters of a row's sparkline: with the value and "5 m ago" it fits a default-width sidebar. */
export const SPARK_WIDTH = 8;

/** Resolves a setting value against a theme kind; undefined means no sparkline. */
export function sparkOptionsFor(setting: SparklineSetting, theme: vscode.ColorThemeKind): SparkOptions | undefined {
  if (setting === 'off') return undefined;
  const light = theme === vscode.ColorThemeKind.Light || theme === vscode.ColorThemeKind.HighContrastLight;
  const style: SparkStyle = setting === 'auto' ? (light ? 'dots' : 'bars') : setting;
  return { style, width: SPARK_WIDTH };
}

/** The sparkline rows draw now, from the setting and the active colour theme. */
export function currentSparkOptions(): SparkOptions | undefined {
  const setting = vscode.workspace.getConfiguration('runlens').get<SparklineSetting>('runs.sparkline', 'auto');
  return sparkOptionsFor(setting, vscode.window.activeColorTheme.kind);
}

/** Fires when what currentSparkOptions returns may have changed (setting or theme). */
export function onDidChangeSparkOptions(listener: () => void): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveColorTheme(listener),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('runlens.runs.sparkline')) listener(); }),
  );
}
