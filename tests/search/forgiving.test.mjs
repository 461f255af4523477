// The forgiving search (docs/search-index.md, "Forgiving search") on
// tests/search/site/ (or $SEARCH_SITE): words still being typed, other
// spellings, everyday words, slips; and what the engine tells the page
// (match, via, didYouMean, nearest) when it had to forgive.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { CARE, DV, FAMILIES, GATEKEEPER, PHONE, loadEngine, plainSearch, repo, resultTitles, scriptContext, testSite } from './engine.mjs';

const site = testSite();

const { engine, loaded } = loadEngine(site);
const titles = (query) => resultTitles(engine, query);
const sorted = async (query) => (await titles(query)).sort();
const search = (query) => plainSearch(engine, query);

test('a reading may stop inside the first word, from its second kana on', async () => {
  assert.deepEqual(await titles('けんしゅ'), [GATEKEEPER], 'けんしゅ… of 研修');
  assert.deepEqual(await titles('いぞ'), await titles('依存'));
});

test('half-width katakana before its mark, romaji, a word then the next one read', async () => {
  assert.deepEqual(await titles('ｹﾞｰﾄｷｰﾊ'), [GATEKEEPER], 'ﾊ waiting for its ﾟ');
  assert.deepEqual(await sorted('izonsho'), [DV, FAMILIES].sort(), 'romaji typed with the IME off');
  assert.deepEqual(await titles('熊本しで'), [CARE], '熊本, then しで… of 市電');
  for (const query of ['ｹﾞｰﾄｷｰﾊ', 'izonsho', '熊本しで']) {
    const { results, didYouMean } = await search(query);
    assert.ok(results.every((r) => r.match === 'exact'), query);
    assert.equal(didYouMean, null);
  }
});

test('another spelling finds the text, as a variant, below exact matches', async () => {
  const { results } = await search('ドメスティック・バイオレンス');
  assert.ok(results.length >= 2);
  assert.ok(results.every((r) => r.match === 'variant' && r.via.includes('DV')), JSON.stringify(results.map((r) => r.via)));
  const shown = await engine.present((await engine.search('ドメスティック・バイオレンス')).results[0]);
  assert.deepEqual([...shown.via], ['DV']);
  // A katakana spelling by rule: ゲイト for ゲート.
  const rule = await search('ゲイトキーパー');
  assert.deepEqual(rule.results.map((r) => r.match), ['variant']);
});

test('an everyday word finds the formal one, and says so', async () => {
  const { results, didYouMean } = await search('チラシ');
  assert.equal(didYouMean, null);
  assert.deepEqual(results.map((r) => [r.match, [...r.via]]), [['synonym', ['リーフレット']]]);
  assert.deepEqual([...(await engine.present((await engine.search('チラシ')).results[0])).via], ['リーフレット']);
  assert.deepEqual(await titles('ちらし'), [DV]);
  // The formal word stays exact: no everyday words are added to it.
  const exact = await search('リーフレット');
  assert.deepEqual(exact.results.map((r) => [r.match, r.via.length]), [['exact', 0]]);
});

test("a site's synonyms.csv is applied", async () => {
  for (const query of ['路面電車', 'ろめんでんしゃ']) { // as written in synonyms.csv, and in its reading
    const { results } = await search(query);
    assert.deepEqual(results.map((r) => [r.match, [...r.via]]), [['synonym', ['市電']]], query);
  }
});

test('a slip finds the word meant, with did-you-mean', async () => {
  const cases = [
    ['研習会', '研修会', [GATEKEEPER]], // a kanji of the same reading
    ['でんわそうたん', 'でんわそうだん', [PHONE]], // a dropped dakuten, in a reading
    ['ケートキーパー', 'ゲートキーパー', [GATEKEEPER]], // typed in katakana, shown so
    ['リーフレツト', 'リーフレット', [DV]], // a large ツ for a small ッ
  ];
  for (const [query, meant, expected] of cases) {
    const { results, didYouMean } = await search(query);
    assert.equal(didYouMean, meant, query);
    assert.ok(results.every((r) => r.match === 'typo'), query);
    assert.deepEqual(await titles(query), expected, query);
  }
});

test('an exact match never gets noise from forgiving', async () => {
  for (const query of ['依存症', '相談', 'ゲートキーパー', 'いぞんしょう']) {
    const { results, didYouMean, nearest } = await search(query);
    assert.ok(results.length > 0 && results.every((r) => r.match === 'exact' && r.via.length === 0), query);
    assert.equal(didYouMean, null);
    assert.deepEqual([...nearest], []);
  }
});

test('nothing found: the nearest words the text has', async () => {
  const { results, didYouMean, nearest } = await search('依存症 存在しない言葉');
  assert.deepEqual(results, []);
  assert.equal(didYouMean, null);
  assert.ok(nearest.length >= 1 && nearest.length <= 5 && nearest.includes('依存症'), JSON.stringify(nearest));
  assert.ok((await search('ゲートキーパー養成xyz')).nearest.includes('ゲートキーパー養成'));
});

test('the forgiving script loads only when a query needs it', async () => {
  const fresh = loadEngine(site);
  await fresh.engine.search('依存症');
  assert.ok(!fresh.loaded.some((f) => f.includes('search-forgive')), `${fresh.loaded}`);
  await fresh.engine.search('チラシ');
  assert.ok(fresh.loaded.some((f) => f.endsWith('assets/search-forgive.js')));
  assert.ok(loaded.length > 0);
});

const { ShinchokuSearchForgive: rules } = scriptContext(
  ...['search-text.js', 'search-forgive.js'].map((f) => path.join(repo, 'themes/default/static', f)));
const fixture = JSON.parse(fs.readFileSync(path.join(repo, 'tests/search/forgiving-conformance.json'), 'utf8'));

test('the rules match the shared forgiving fixture', () => {
  for (const { term, includes } of fixture.slips) {
    const forms = rules.slips(term);
    for (const form of includes) assert.ok(forms.includes(form), `${term} → ${form}`);
  }
  for (const { raw, term, forms } of fixture.pendingMarks) assert.deepEqual([...rules.pendingMarks(raw, term)], forms, raw);
  for (const { latin, kana } of fixture.romaji) assert.equal(rules.romajiToKana(latin), kana, latin);
  for (const { term, includes, excludes = [] } of fixture.spellingVariants) {
    const forms = rules.spellingVariants(term);
    for (const form of includes) assert.ok(forms.includes(form), `${term} → ${form}`);
    for (const form of excludes) assert.ok(!forms.includes(form), `${term} ↛ ${form}`);
  }
});
