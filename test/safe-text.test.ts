import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  fileNamePart, isFileName, markdownCell, markdownCode, markdownCodeBlock, markdownText, oneLine, shellLine, shellWord, spreadsheetText, terminalText,
} from '../harness/safe-text.js';
import { HOSTILE } from './fixtures/hostile.js';

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-safe-text-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

test('terminalText drops escape sequences (CSI, OSC hyperlinks, C1) and control characters, and keeps line breaks', () => {
  assert.equal(terminalText(HOSTILE.osc), 'click');
  assert.equal(terminalText(HOSTILE.ansi), 'red ');
  assert.equal(terminalText('a\u009b31mb\u0007c\u0000d\u202eevil'), 'abcdevil');
  assert.equal(terminalText('one\r\ntwo\rthree\tfour'), 'one\ntwo\nthree four');
  assert.equal(terminalText('unterminated \u001b]0;title'), 'unterminated 0;title', 'an unterminated string loses its introducer, not the text after it');
  assert.equal(oneLine('one\n  two\n'), 'one ⏎ two ⏎ ');
});

test('markdownText keeps user text one inert line: no HTML, link, heading, table or escape gets through', () => {
  for (const text of Object.values(HOSTILE)) {
    const md = markdownText(text);
    assert.ok(!md.includes('\n'), `one line: ${md}`);
    assert.ok(!/<(?!br>)/.test(md), `no tag but our <br>: ${md}`);
    assert.ok(!/(^|[^\\])\]\(/.test(md), `no link: ${md}`);
    assert.ok(!/(^|[^\\])\|/.test(md), `every pipe escaped: ${md}`);
    assert.ok(!md.includes('\u001b'), `no escape: ${md}`);
  }
  assert.equal(markdownText(HOSTILE.script), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(markdownText(HOSTILE.multiLine), 'boom<br># heading<br>\\| table \\| x \\|<br>\\|---\\|---\\|<br>\\[link\\](javascript:alert(1))');
  assert.equal(markdownText('# heading'), '\\# heading');
  assert.equal(markdownText('  - item'), '\\- item');
  assert.equal(markdownText('1. first'), '1\\. first');
  assert.equal(markdownText('a \\[b](c)'), 'a \\\\\\[b\\](c)', 'a backslash of the user cannot undo an escape');
  assert.equal(markdownCell('-3.0%'), '-3.0%', 'a cell starts no block: its first character stays as it is');
});

test('markdownCode shows its text exactly, whatever backticks it holds; markdownCodeBlock cannot be closed by a line', () => {
  assert.equal(markdownCode('plain'), '`plain`');
  assert.equal(markdownCode('a`b'), '`` a`b ``');
  assert.equal(markdownCode('```'), '```` ``` ````');
  assert.equal(markdownCode('<b>\nx'), '`<b> x`');
  const block = markdownCodeBlock(['lane |AAA|', '```', 'after'], 'text');
  assert.equal(block[0], '````text');
  assert.equal(block[block.length - 1], '````');
});

test('isFileName refuses separators, .., hidden and option-like names; fileNamePart makes any text one', () => {
  for (const bad of ['../x', '..', '.', 'a/b', 'a;b', 'a b', '-x', '.hidden', '', 'a'.repeat(101), 'a\u0000b']) assert.equal(isFileName(bad), false, bad);
  for (const good of ['run', 'head-2026.01', 'a_b', '_x', 'A1']) assert.equal(isFileName(good), true, good);
  for (const text of [...Object.values(HOSTILE), '..', '.', '', '-rf', 'x'.repeat(300)]) assert.ok(isFileName(fileNamePart(text)), `${JSON.stringify(text)} -> ${fileNamePart(text)}`);
  assert.equal(fileNamePart('../../etc/passwd'), '_._.._etc_passwd');
});

test('shellWord: a shell given the quoted words gets exactly those arguments and runs nothing', () => {
  const marker = join(tmp, 'pwned');
  const words = [
    `$(touch ${marker})`, `\`touch ${marker}\``, 'with space', "it's", 'a#b', '#start', '~', '*', '', '=x', 'x=1', 'a\nb', 'tab\there', '\u001b[31m',
    ...Object.values(HOSTILE).map((text) => text.replace('/tmp/pwned', marker)),
  ];
  assert.equal(shellWord('dist/harness/cli.js'), 'dist/harness/cli.js', 'a plain word stays readable');
  assert.equal(shellWord('--max-old-space-size=64'), '--max-old-space-size=64');
  assert.equal(shellWord('a b'), "'a b'");
  assert.equal(shellWord("it's"), "'it'\\''s'");
  const shell = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  const plain = shell === '/bin/bash' ? words : words.filter((word) => !/[\u0000-\u001f]/.test(word)); // $'...' is bash's and zsh's
  const out = execFileSync(shell, ['-c', `printf '%s\\0' ${shellLine(plain)}`], { encoding: 'utf8' });
  assert.deepEqual(out.split('\0').slice(0, -1), plain);
  assert.equal(existsSync(marker), false, 'the command substitution never ran');
});

test('spreadsheetText keeps a formula-like cell text', () => {
  assert.equal(spreadsheetText('=HYPERLINK("http://x","y")'), '\'=HYPERLINK("http://x","y")');
  assert.equal(spreadsheetText('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(spreadsheetText('-2+3'), "'-2+3");
  assert.equal(spreadsheetText('worker-threads x2'), 'worker-threads x2');
});
