import { ENV_VARIABLES, type EnvVariable } from './env.schema';
import { acceptedValues } from './env';

export const CONFIG_TABLE_START = '<!-- configuration table: generated from libs/platform/src/config/env.schema.ts by npm run docs:config -->';
export const CONFIG_TABLE_END = '<!-- end of configuration table -->';

function defaultText(v: EnvVariable): string {
  if (v.schema.default !== undefined) return `\`${String(v.schema.default)}\``;
  return `(unset: ${v.schema.whenUnset ?? 'not used'})`;
}

/** The README's configuration table, one row per declared variable. */
export function configTable(): string {
  const rows = ENV_VARIABLES.map((v) => `| \`${v.name}\` | ${defaultText(v)} | ${acceptedValues(v)} | ${v.schema.description} |`);
  return ['| Variable | Default | Accepts | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** `text` with the part between the markers replaced by `table` (the current one unless given, e.g. formatted). */
export function withConfigTable(text: string, table = configTable()): string {
  const start = text.indexOf(CONFIG_TABLE_START);
  const end = text.indexOf(CONFIG_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${CONFIG_TABLE_START} … ${CONFIG_TABLE_END}`);
  return `${text.slice(0, start + CONFIG_TABLE_START.length)}\n\n${table.trim()}\n\n${text.slice(end)}`;
}
