// The engine a built site ships, answering queries on tests/search/site/
// (or the site in $SEARCH_SITE) from the index files, as in the browser.
import assert from 'node:assert/strict';
import test from 'node:test';
import { CARE, DV, FAMILIES, GATEKEEPER, PHONE, loadEngine, resultTitles, testSite } from './engine.mjs';

const site = testSite();

const { engine } = loadEngine(site);
const titles = (query) => resultTitles(engine, query);

test('width and case do not matter', async () => {
  assert.deepEqual(await titles('ｹﾞｰﾄｷｰﾊﾟｰ'), [GATEKEEPER]);
  assert.deepEqual(await titles('ＳＮＳ'), await titles('sns'));
  assert.deepEqual(await titles('sns'), [GATEKEEPER]);
  assert.deepEqual(await titles('１，５５０'), [PHONE]);
});

test('katakana and hiragana are the same', async () => {
  assert.deepEqual(await titles('げーときーぱー'), [GATEKEEPER]);
  assert.deepEqual(await titles('ココロ'), await titles('こころ'));
});

test('kana typed for kanji find the kanji by their reading', async () => {
  assert.deepEqual(await titles('いぞんしょう'), [FAMILIES, DV]);
  assert.deepEqual(await titles('こころのでんわ'), [PHONE]);
  assert.deepEqual(await titles('くまもとし'), [CARE], '熊本|市電: the reading may end inside a token after whole ones');
});

test('kana longer than an indexed reading span are read as a chain of spans', async () => {
  // 高齢者|支援 and then センター, written in kana: the chain ends in the written text.
  assert.deepEqual(await titles('こうれいしゃしえんせんたー'), [CARE]);
  const written = (await titles('こころの健康センター')).sort();
  assert.equal(written.length, 3);
  assert.deepEqual((await titles('こころのけんこうせんたー')).sort(), written);
  assert.deepEqual(await titles('じさつみすいしゃとうへのしえん'), [PHONE]);
  // Every link must hold: 高齢者支援 is not followed by 部.
  assert.deepEqual(await titles('こうれいしゃしえんぶ'), []);
});

test('readings match whole tokens only', async () => {
  // ぞんしょう is inside いぞん|しょう, not a token of its own.
  assert.deepEqual(await titles('ぞんしょう'), []);
  // えん starts inside しえん (支援): no token's reading starts with it.
  assert.deepEqual(await titles('えんせ'), []);
});

test('prefixes typed so far match', async () => {
  assert.deepEqual(await titles('ゲートキーパ'), [GATEKEEPER]);
  assert.deepEqual(await titles('依存症家'), [FAMILIES]);
});

test('a term matches anywhere inside a word or compound', async () => {
  assert.deepEqual(await titles('未遂者'), [PHONE]);
  assert.deepEqual(await titles('市電'), [CARE]);
  assert.deepEqual(await titles('包括'), [CARE], 'PDF wrap spaces never block a match (地域包 括)');
});

test('every term of a query must match', async () => {
  assert.deepEqual(await titles('依存症 中止'), [FAMILIES]);
  assert.deepEqual(await titles('依存症　講座'), [DV], 'a full-width space separates terms');
  assert.deepEqual(await titles('依存症 存在しない言葉'), []);
});

test('particles and glue inside a term', async () => {
  assert.deepEqual(await titles('依存症の家族'), [FAMILIES]);
  assert.deepEqual(await titles('の家族'), [FAMILIES]);
  assert.deepEqual(new Set(await titles('ＤＶ相談')), new Set([DV, PHONE]), 'ＤＶ相談 as written, and DV 相談');
  assert.deepEqual(await titles('ＤＶ防止'), [DV]);
});

test('a title match ranks above a mention in the text', async () => {
  assert.deepEqual(await titles('依存症'), [FAMILIES, DV]);
  assert.equal((await titles('相談'))[0], PHONE);
  assert.equal((await titles('ゲート'))[0], GATEKEEPER);
});

test('the new mark is searchable; the title shown has none', async () => {
  assert.deepEqual(await titles('新規'), [PHONE]);
});

test('no results for an empty query, and no error for any input', async () => {
  for (const query of ['', ' ', '\u3000\t\n']) assert.equal((await engine.search(query)).results.length, 0);
  const hostile = ['<script>alert(1)</script>', 'x'.repeat(10000), 'あ'.repeat(10000), '\ud800', 'a\udc00b',
    '😀', '👨‍👩‍👧', '\u0000', '"\\', '%00', 'constructor', '__proto__', 'toString', '.*', '\u200b'];
  for (const query of hostile) {
    const { results } = await engine.search(query);
    assert.ok(Array.isArray(results), JSON.stringify(query.slice(0, 20)));
  }
  assert.deepEqual(await titles('__proto__'), []);
});

test('random text never throws, and every result can be shown', async () => {
  const pool = [...'あいうえおのをにはアイウエオーｱｲｳｰﾞﾟ依存症相談電話自殺 　\t,.。、()（）《》aZ09０９😀\u3099\u200d'];
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 300; i++) {
    const query = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pool[Math.floor(next() * pool.length)]).join('');
    const { results } = await engine.search(query);
    for (const result of results.slice(0, 3)) {
      const shown = await engine.present(result);
      assert.ok(shown.title.length > 0, JSON.stringify(query));
    }
  }
});

test('a result shows its trail of nodes, departments, grades and a marked snippet', async () => {
  const [first] = (await engine.search('未遂者')).results;
  const shown = await engine.present(first);
  assert.equal(shown.url, 'measures/2-01.html');
  assert.equal(shown.title, PHONE);
  assert.equal(shown.isNew, true);
  assert.deepEqual(Array.from(shown.trail, (node) => ({ ...node })), [{ name: '基本施策2', title: '住民への啓発と周知' }]);
  assert.deepEqual([...shown.departments], ['障がい者支援部']);
  assert.deepEqual([...shown.grades.map((g) => g.year)], ['令和2年度']);
  assert.equal(shown.snippet.label, '令和2年度 実施状況');
  assert.deepEqual([...shown.snippet.pieces.filter((p) => p.mark).map((p) => p.text)], ['未遂者']);
});

test('a reading match is marked in the written text', async () => {
  const [first] = (await engine.search('いぞんしょう')).results;
  const shown = await engine.present(first);
  assert.deepEqual([...shown.titlePieces.filter((p) => p.mark).map((p) => p.text)], ['依存症']);
  const marked = (await engine.present((await engine.search('げーときーぱー')).results[0])).titlePieces;
  assert.deepEqual([...marked.filter((p) => p.mark).map((p) => p.text)], ['ゲートキーパー']);
});

test('a query loads only the index chunks it needs', async () => {
  const fresh = loadEngine(site);
  await fresh.engine.search('依存症');
  const chunks = fresh.loaded.filter((f) => f.includes('/b/'));
  assert.ok(fresh.loaded[0].endsWith('manifest.js'));
  assert.ok(chunks.length >= 1 && chunks.length <= 2, `${chunks}`);
  assert.ok(!fresh.loaded.some((f) => f.includes('/d/')), 'documents load only when shown');
});
