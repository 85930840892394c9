// The documentation of the configuration, generated from the declarations in config.ts:
// README.md's Configuration table (`npm run docs:config`) and the Environment part of `latchkey --help`.
import { CONFIG_VARIABLES } from './config.ts';
import { documentation, documentedDefault, type Variable } from './variable.ts';

export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

function cell(markdown: string): string {
  return markdown.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The Markdown table of every variable, as README.md carries it between the two markers. */
export function configTable(variables: readonly Variable[] = CONFIG_VARIABLES): string {
  const rows = variables.map((v) => `| \`${v.name}\` | ${cell(documentedDefault(v))} | ${cell(documentation(v))} |`);
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

/** `readme` with the text between the markers replaced by the generated table. */
export function withConfigTable(readme: string, table = configTable()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md lacks the markers ${TABLE_START} ... ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** Markdown -> terminal text: drop code backticks and bold stars. */
function plain(markdown: string): string {
  return markdown.replaceAll('**', '').replaceAll('`', '');
}

const NBSP = '\u00a0';

/** Like plain(), but a code span stays on one line when wrapped (a command must survive copy and paste). */
function plainUnbroken(markdown: string): string {
  return plain(markdown.replace(/`[^`]*`/g, (code) => code.replaceAll(' ', NBSP)));
}

function wrap(words: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words.split(/[ \t\n]+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** The Environment part of `latchkey --help`: each variable, its default, and its text wrapped to `width`. */
export function configHelp(width = 80, variables: readonly Variable[] = CONFIG_VARIABLES): string {
  return variables
    .map((v) => {
      const text = wrap(plainUnbroken(documentation(v)), width, '      ').map((line) => line.replaceAll(NBSP, ' '));
      return [`  ${v.name} (default: ${plain(documentedDefault(v))})`, ...text].join('\n');
    })
    .join('\n');
}
