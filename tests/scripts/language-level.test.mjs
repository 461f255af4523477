// Every script a site ships runs on the oldest browsers it supports (README
// "Browsers"): the theme's scripts and, when SCRIPTS_SITE names a built
// site (tests/script_language.rs builds the bundled one), every `.js` file
// the build wrote (assets/ and the search index). A failure names the file,
// line and column, and what needs a later browser.
//
//   node --test tests/scripts/
//   SCRIPTS_SITE=public node --test tests/scripts/
// Skipped, saying so, when acorn is missing (npm ci); under CI=true it fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const checker = await import('./language-level.mjs').catch(() => null);
const missing = checker ? '' : 'acorn not installed (npm ci)';
const skip = missing && process.env.CI !== 'true' ? missing : false;

/** Every `.js` file under `dir`, sorted. */
function scriptsUnder(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith('.js'))
    .map((file) => path.join(dir, file))
    .sort();
}

/** Fails naming each file (relative to `dir`), line and column, and what needs a later browser. */
function assertRunsOnOldBrowsers(dir) {
  const files = scriptsUnder(dir);
  assert.ok(files.length > 0, `scripts under ${dir}`);
  const problems = files.flatMap((file) => checker.problemsOf(fs.readFileSync(file, 'utf8'))
    .map((problem) => `${path.relative(dir, file)}:${problem}`));
  assert.equal(problems.length, 0, `in ${dir}, needs a browser newer than README's "Browsers":\n${problems.join('\n')}`);
}

test('the checker reports what it should', { skip }, () => {
  assert.equal(missing, '', 'required under CI=true (see .ci/run)');
  const { problemsOf } = checker;
  const fine = "const a = b?.c ?? 1; const r = /(?<year>\\d{4})/u; 10n; Promise.allSettled([]); 'x'.matchAll(/x/g);";
  assert.deepEqual(problemsOf(fine), [], 'ECMAScript 2020 passes');
  for (const later of ['a ??= 1;', 'class A { x = 1 }', '/x/d;', 'a.b ||= 2;']) {
    assert.match(problemsOf(later)[0] || '', /^1:\d+ not ECMAScript 2020/, later);
  }
  const flagged = [
    ['s.replace(/(?<=a)b/, "")', 'lookbehind'], ['new RegExp("(?<!a)b")', 'lookbehind'],
    ['xs.findLast((x) => x)', 'findLast'], ['xs.findLastIndex((x) => x)', 'findLastIndex'],
    ['xs.at(-1)', '.at'], ['s.replaceAll("a", "b")', 'replaceAll'],
    ['Object.hasOwn(o, "k")', 'hasOwn'], ['structuredClone(o)', 'structuredClone'],
  ];
  for (const [source, name] of flagged) assert.match(problemsOf(source).join(), new RegExp(`^1:\\d+ .*${name}`), source);
  assert.deepEqual(problemsOf('const at = 1; o.at = 2; o.replaceAll;'), [], 'names that are not calls of those built-ins');
});

test('the theme\'s scripts run on the oldest supported browsers', { skip }, () => {
  assertRunsOnOldBrowsers(path.join(repo, 'themes/default/static'));
});

test('a built site\'s scripts run on the oldest supported browsers', { skip: skip || (!process.env.SCRIPTS_SITE && 'SCRIPTS_SITE not set') }, () => {
  assertRunsOnOldBrowsers(path.resolve(process.env.SCRIPTS_SITE));
});
