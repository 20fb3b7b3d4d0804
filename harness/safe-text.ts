/** User text made safe for where it goes: a file name, markdown, a terminal, a shell line, a spreadsheet cell. */

// Text from the user (scenario and task names, error messages, --machine-name, paths) is stored raw
// in the results JSON, which is data; every renderer passes it through the one function for its
// destination here. Each function is total: any string in, a string that cannot change its
// surroundings out.

/**
 * Terminal escape sequences: CSI (`ESC [ ... final`, colours and cursor moves), OSC, DCS, SOS, PM
 * and APC strings with their terminator (BEL or `ESC \`), the same introduced by their one-byte C1
 * forms, and other escapes (an unterminated string loses its introducer; its text stays, inert).
 */
const ESCAPE_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\)|\u009b[0-?]*[ -/]*[@-~]?|[\u0090\u0098\u009d\u009e\u009f][\s\S]*?(?:\u0007|\u001b\\|\u009c)|\u001b[ -/]*[0-~]?/g;

/** Control characters but tab and line feed, and the bidirectional overrides that make text read other than it runs. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text with no escape sequence and no control character: line breaks (CR, CRLF, U+2028/9) become
 * `\n`, tabs spaces, the rest is dropped. What a terminal may print of user text.
 */
export function terminalText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/\t/g, ' ').replace(CONTROL, '');
}

/** User text on one line: as terminalText, its line breaks shown as ` ⏎ `. */
export function oneLine(text: string): string {
  return terminalText(text).replace(/ *\n */g, ' ⏎ ');
}

/**
 * User text for running markdown (a paragraph, a list item): no HTML (`& < >` as entities), no
 * link, image or footnote (brackets escaped), no cell break (pipes escaped), no block started by
 * its first characters (heading, list, quote, fence), and on one source line, its line breaks as
 * `<br>`. A backtick may open a code span, whose text markdown shows as it is.
 */
export function markdownText(text: string): string {
  return markdownCell(terminalText(text).replace(/^[ \n]+/, ''))
    .replace(/^([#+*`~-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** User text for a markdown table cell, which holds no block: as markdownText, without escaping how it starts. */
export function markdownCell(text: string): string {
  return terminalText(text)
    .replace(/[\\[\]|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/ *\n */g, '<br>');
}

/** The longest run of backticks in the text (0 for none). */
const longestBacktickRun = (text: string): number => Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));

/** User text as a markdown code span, shown exactly as it is (on one line), whatever backticks it holds. */
export function markdownCode(text: string): string {
  const content = terminalText(text).replace(/\n/g, ' ');
  if (content === '') return '` `';
  const fence = '`'.repeat(longestBacktickRun(content) + 1);
  const pad = fence.length > 1 || content.startsWith(' ') || content.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Lines of user text as a fenced markdown code block (info string `info`), whose fence no line can close. */
export function markdownCodeBlock(lines: readonly string[], info = ''): string[] {
  const clean = lines.map((line) => terminalText(line).replace(/\n/g, ' '));
  const fence = '`'.repeat(Math.max(3, ...clean.map((line) => longestBacktickRun(line) + 1)));
  return [`${fence}${info}`, ...clean, fence];
}

/** What `isFileName` accepts, in words, for messages. */
export const FILE_NAME_RULE = "letters, digits, '.', '_' and '-', not starting with '.' or '-', at most 100 characters";

/** True for a name that is one file name in the folder it is joined to: no separator, no `..`, no hidden or option-like start. */
export function isFileName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/.test(name);
}

/** Any text turned into a part of a file name that isFileName accepts: other characters as `_`, at most `maxLength` long. */
export function fileNamePart(text: string, maxLength = 100): string {
  const part = text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.-]/, '_').slice(0, Math.max(1, maxLength));
  return part === '' ? '_' : part;
}

/** Characters a POSIX shell (and zsh) reads as part of a plain word, with no expansion, anywhere in one. */
const SHELL_PLAIN = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/**
 * One argument for a shell command line: plain words as they are, others single-quoted (a `'`
 * inside as `'\''`), and words holding control characters as `$'...'` with those escaped, so
 * pasting the line passes exactly this argument and runs nothing else.
 */
export function shellWord(word: string): string {
  if (SHELL_PLAIN.test(word)) return word;
  if (!/[\u0000-\u001f\u007f-\u009f]/.test(word)) return `'${word.replace(/'/g, "'\\''")}'`;
  const escaped = [...word].map((c) => {
    const code = c.codePointAt(0) as number;
    if (c === '\\' || c === "'") return `\\${c}`;
    if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
    if (code >= 0x80 && code <= 0x9f) return `\\u${code.toString(16).padStart(4, '0')}`;
    return c;
  });
  return `$'${escaped.join('')}'`;
}

/** A command line for a shell: every argument through shellWord, separated by spaces. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellWord).join(' ');
}

/** An environment assignment for the start of a shell command line, `NAME=value` with the value quoted as needed. */
export function shellAssignment(name: string, value: string): string {
  return `${name}=${shellWord(value)}`;
}

/** Text for a CSV cell a spreadsheet opens: one starting like a formula (`= + - @`, tab, CR) gets a leading `'`, so it stays text. */
export function spreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
