// The engine's normalisation against the fixture shared with the Rust tests
// (src/search/normalize.rs holds the specification), and how a term is split.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { repo, scriptContext } from './engine.mjs';

const { normalize, normalizeMapped, queryTerms, termPlan } =
  scriptContext(path.join(repo, 'themes/default/static/search-text.js')).ShinchokuSearchText;
const fixture = JSON.parse(fs.readFileSync(path.join(repo, 'tests/search/normalize-conformance.json'), 'utf8'));

test('normalize matches the shared conformance fixture', () => {
  assert.ok(fixture.normalize.length >= 20);
  for (const { input, normalized } of fixture.normalize) assert.equal(normalize(input), normalized, JSON.stringify(input));
});

test('query terms match the shared conformance fixture', () => {
  for (const { query, terms } of fixture.query_terms) assert.deepEqual([...queryTerms(query)], terms, JSON.stringify(query));
});

test('each normalised character points back into the text it came from', () => {
  for (const { input } of fixture.normalize) {
    const { chars, starts, ends } = normalizeMapped(input);
    assert.equal(starts.length, chars.length);
    chars.forEach((c, i) => {
      assert.ok(starts[i] >= 0 && starts[i] < ends[i] && ends[i] <= input.length, JSON.stringify(input));
      if (c !== ' ') assert.equal(normalize(input.slice(starts[i], ends[i])).includes(c), true, JSON.stringify(input));
    });
  }
});

test('lone surrogates become U+FFFD, other hostile text passes through', () => {
  assert.equal(normalize('a\ud800b'), 'a\ufffdb');
  assert.equal(normalize('\udc00'), '\ufffd');
  assert.equal(normalize('<script>alert(1)</script>'), '<script>alert(1)</script>');
  assert.equal(normalize('x'.repeat(10000)).length, 10000);
  assert.equal(normalize('😀ｶﾞ'), '😀が');
});

test('particles at either end of a term are dropped', () => {
  assert.equal(termPlan('の家族').phrase, '家族');
  assert.equal(termPlan('相談を').phrase, '相談');
  assert.equal(termPlan('こころの').phrase, 'こころの', 'a kana word is no particle');
});

test('a particle between words splits the term into words', () => {
  assert.deepEqual([...termPlan('依存症の家族').parts], ['依存症', '家族']);
  assert.deepEqual([...termPlan('悩みの相談').parts], ['悩み', '相談'], 'okurigana stay with their kanji');
  assert.deepEqual([...termPlan('マイノリティへの理解').parts], ['まいのりてぃ', '理解']);
  assert.equal(termPlan('子どもたち').parts, null);
  assert.equal(termPlan('いのちの電話').parts, null, 'a kana word before kanji is kept');
});

test('a term that matches nothing falls back to its words at script changes', () => {
  assert.deepEqual([...termPlan('ＤＶ相談').fallback], ['dv', '相談']);
  assert.equal(termPlan('ＤＶ相談').parts, null);
  assert.deepEqual([...termPlan('コロナ対策').fallback], ['ころな', '対策']);
  assert.equal(termPlan('お年より').fallback, null, 'お and 年 alone say too little');
});
