// Each kind of forgiving query on another city's site: the Ofunato
// workbook (tests/fixtures/tables/ofunato/, 111 事務事業 of 政策2) imported
// with its site.toml and built ($WORKBOOK_SITE, by tests/search_index.rs).
// Words chosen from that table's own vocabulary (介護, 子育て, 高齢者 …),
// not the bundled plan's: the rules must carry over to a plan they were
// not written for.
import assert from 'node:assert/strict';
import test from 'node:test';
import { loadEngine, plainSearch, resultTitles } from './engine.mjs';

const site = process.env.WORKBOOK_SITE;
const { engine } = loadEngine(site);
const titles = (query) => resultTitles(engine, query);
const search = (query) => plainSearch(engine, query);

/** Asserts that `query` finds `title`, each result found as `match`, and
 * that the page is told `didYouMean`. */
async function finds(query, title, match, didYouMean = null) {
  const found = await search(query);
  assert.ok((await titles(query)).includes(title), `${query} finds ${title}`);
  assert.ok(found.results.some((r) => r.match === match), `${query}: ${found.results.map((r) => r.match)}`);
  assert.equal(found.didYouMean, didYouMean, query);
}

test('as typed so far: a reading stopped early, half-width kana, romaji, kanji then kana', async () => {
  await finds('きょうけ', '狂犬病予防事業', 'exact'); // きょうけ… of 狂犬病
  await finds('にんちし', '認知症総合支援事業', 'exact');
  await finds('ｻﾎﾟｰﾄ', 'ファミリー・サポート・センター事業', 'exact');
  await finds('kaigo', '介護予防の任意事業', 'exact'); // the IME left off
  await finds('子育てしえ', '地域子育て支援センター事業', 'exact'); // 子育て, then しえ… of 支援
});

test('written another way: okurigana, kanji or kana, another kanji of the word', async () => {
  await finds('申し込み', '健康増進事業（健康診査関連事業）', 'variant'); // the table writes 申込
  await finds('街づくり', '支えあいまちづくり事業', 'variant');
  await finds('住まい作り', '高齢者・障害者にやさしい住まいづくり推進事業', 'variant');
  await finds('障碍者', '身体障害者（児）補装具費給付事業', 'variant');
});

test('said in everyday words: the built-in thesaurus', async () => {
  await finds('お年寄り', '後期高齢者保健事業', 'synonym'); // the table says 高齢者
  await finds('赤ちゃん', '産前産後支援事業', 'synonym'); // 乳幼児
  await finds('おとしより', '後期高齢者保健事業', 'synonym'); // typed in hiragana
  await finds('お年より', '後期高齢者保健事業', 'synonym'); // another spelling of お年寄り
});

test('mistyped: a wrong kanji of the same reading, a dakuten added', async () => {
  await finds('狂犬秒', '狂犬病予防事業', 'typo', '狂犬病');
  await finds('国保運営協義会', '国保運営協議会運営事業', 'typo', '国保運営協議会');
  await finds('認知証', '認知症総合支援事業', 'typo', '認知症');
  await finds('こそだで', '子育て支援サイト運営事業', 'typo', 'こそだて');
});

test('a word the table has, as typed, gets nothing else', async () => {
  const found = await search('狂犬病');
  assert.deepEqual(await titles('狂犬病'), ['狂犬病予防事業']);
  assert.ok(found.results.every((r) => r.match === 'exact' && r.via.length === 0));
});
