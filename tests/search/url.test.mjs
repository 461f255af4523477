// The search page's URL for a query (search.js): any text a search box can
// hold makes a URL, lone surrogates included (encodeURIComponent throws
// "URI malformed" on them, and no search ran).
import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import vm from 'node:vm';
import fs from 'node:fs';
import { repo } from './engine.mjs';

/** search.js run on a page with no search box: only its functions. */
function searchPage() {
  const file = path.join(repo, 'themes/default/static/search.js');
  const context = vm.createContext({
    document: { body: { getAttribute: () => '' }, querySelectorAll: () => [], querySelector: () => null },
  });
  context.self = context;
  vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
  return context.ShinchokuSearchPage;
}

test('a query with a lone surrogate still makes a URL, the surrogate as U+FFFD', () => {
  const { queryString } = searchPage();
  assert.throws(() => encodeURIComponent('\ud800'), URIError);
  for (const [query, meant] of [
    ['\ud800', '\ufffd'],
    ['依存\udc00症', '依存\ufffd症'],
    ['相談\ud83d', '相談\ufffd'],
    ['\udfff\ud800', '\ufffd\ufffd'],
  ]) {
    const made = queryString(query);
    assert.equal(made, '?q=' + encodeURIComponent(meant), JSON.stringify(query));
    assert.equal(new URLSearchParams(made).get('q'), meant);
  }
});

test('any other query round-trips through the URL unchanged', () => {
  const { queryString } = searchPage();
  for (const query of ['依存症 相談', '😀ｶﾞ', 'a&b=c?d#e', '100%', '\u202e危険', ' ']) {
    assert.equal(new URLSearchParams(queryString(query)).get('q'), query);
  }
});
