// The search UI as a citizen meets it on the bundled site, under the strict
// CSP: Japanese typed through an IME (composition events from the DevTools
// protocol, as a real IME sends them) is searched only once committed;
// nothing found is never a dead end; history (Back between queries, Back
// from a result to the list as it was, the header box's text); no layout
// shift as results arrive; and what the forgiving engine finds, as the
// reader sees it: 「もしかして」 for a slip typed through the IME, 「言い換え」
// and 「別の書き方」 beside results found through another word, the nearest
// words when nothing is found. Timers run on Playwright's clock: each
// debounce has surely elapsed, no sleeping.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, siteFrom, watch } from './harness.mjs';
import { axeViolations } from './pages.mjs';

const COMMITTED = '依存症';
const MANY = '支援'; // more results than one page shows (10)
const PAST_DEBOUNCE_MS = 1000;

/** A page that types as an IME does: `compose(text)` shows unconverted
 * text, `commit(text)` ends the composition with it. */
async function imePage(context) {
  const page = await context.newPage();
  await page.clock.install();
  const cdp = await context.newCDPSession(page);
  page.compose = async (text) => {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await page.clock.runFor(PAST_DEBOUNCE_MS);
  };
  // A key the IME takes: Chrome dispatches its keydown (isComposing) but
  // no keypress, so the key never submits a form.
  page.imeKey = async (key) => {
    for (const type of ['rawKeyDown', 'keyUp']) await cdp.send('Input.dispatchKeyEvent', { type, key, code: key, windowsVirtualKeyCode: 229 });
  };
  page.commit = async (text) => {
    await cdp.send('Input.insertText', { text });
    await page.clock.runFor(PAST_DEBOUNCE_MS);
  };
  return page;
}

const query = (page) => page.evaluate(() => new URLSearchParams(location.search).get('q'));
const headerStatus = (page) => page.locator('.site-search [role="status"]').textContent();

export async function searchUi(t, browser) {
  const site = siteFrom('A11Y_SITE');
  const { server, base } = await serve(site);
  t.after(() => server.close());
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  t.after(() => context.close());

  await t.test('header box: nothing while an IME composes, results once committed', async () => {
    const page = await imePage(context);
    const problems = watch(page);
    await page.goto(base + 'policies/1.html');
    await page.focus('#site-search-q');
    for (const text of ['い', 'いぞ', 'いぞんし', 'いぞんしょう']) {
      await page.compose(text);
      assert.equal(await page.locator('.site-search-panel').isHidden(), true, `no panel while composing ${text}`);
      assert.equal(await headerStatus(page), '', `nothing announced while composing ${text}`);
    }
    await page.commit(COMMITTED);
    await page.locator('.site-search-option').first().waitFor();
    assert.match(await headerStatus(page), new RegExp(`「${COMMITTED}」を含む施策: \\d+件`));
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('header box: composing keys never move the selection or open a result', async () => {
    const page = await imePage(context);
    const problems = watch(page);
    await page.goto(base + 'policies/1.html');
    const box = page.locator('#site-search-q');
    await box.focus();
    await page.compose('いぞんしょう');
    await page.commit(COMMITTED);
    await page.locator('.site-search-option').first().waitFor();
    await page.compose('そうだん'); // a second word, being converted
    await page.imeKey('ArrowDown');
    await page.imeKey('Enter');
    assert.equal(await box.getAttribute('aria-activedescendant'), null, 'the arrow chose a conversion, not a result');
    assert.match(page.url(), /policies\/1\.html$/, 'the Enter converted, it opened nothing');
    await page.commit('相談');
    await page.locator('.site-search [role="status"]', { hasText: `「${COMMITTED}相談」` }).waitFor();
    // Safari sends the Enter that commits after compositionend, with keyCode 229.
    await box.press('ArrowDown');
    const selected = await box.getAttribute('aria-activedescendant');
    assert.ok(selected, 'arrows choose results once the text is committed');
    await box.evaluate((input) => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, bubbles: true, cancelable: true })));
    await page.clock.runFor(PAST_DEBOUNCE_MS);
    assert.match(page.url(), /policies\/1\.html$/, 'the IME\'s Enter opened no result');
    assert.equal(await box.inputValue(), `${COMMITTED}相談`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('search page: a composition is no query, its commit is', async () => {
    const page = await imePage(context);
    const problems = watch(page);
    await page.goto(base + 'search/index.html');
    await page.focus('#search-page-q');
    await page.compose('いぞんしょう');
    assert.equal(await page.locator('.search-status').textContent(), '', 'nothing said mid-word');
    assert.equal(await query(page), null, 'the address waits for the word');
    await page.commit(COMMITTED);
    await page.locator('.search-result').first().waitFor();
    assert.equal(await query(page), COMMITTED);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('nothing found: what was searched, queries that help, the lists', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    const searched = `${COMMITTED} 該当しないｘｙｚ`;
    await page.goto(base + 'search/index.html?q=' + encodeURIComponent(searched));
    const status = page.locator('.search-status');
    await status.filter({ hasText: '見つかりませんでした' }).waitFor();
    assert.match(await status.textContent(), new RegExp(`「${searched}」`), 'says what was searched');
    assert.doesNotMatch(await status.textContent(), /短く/, 'no advice that cannot help');
    const offered = page.locator('.search-help a');
    await offered.first().waitFor();
    assert.match(await offered.first().textContent(), new RegExp(`「${COMMITTED}」で検索（\\d+件）`));
    const browse = page.locator('.search-browse a');
    assert.ok(await browse.count() >= 3, 'the finder, the policies and the departments');
    for (const href of await browse.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
      assert.ok(fs.existsSync(path.join(site, 'search', href)), `${href} exists`);
    }
    assert.deepEqual(await axeViolations(page), []);
    await offered.first().click();
    await page.locator('.search-result').first().waitFor();
    assert.equal(await query(page), COMMITTED);
    assert.equal(await page.locator('.search-browse').isHidden(), true, 'the lists step aside for results');
    await page.goBack();
    await status.filter({ hasText: '見つかりませんでした' }).waitFor();
    assert.equal(await query(page), searched, 'Back returns to the query before');
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('a slip typed through the IME: 「もしかして」 with the word meant', async () => {
    const page = await imePage(context);
    const problems = watch(page);
    await page.goto(base + 'policies/1.html');
    await page.focus('#site-search-q');
    await page.compose('けんしゅうかい');
    await page.commit('研習会'); // the IME's first kanji, not the text's 研修会
    await page.locator('.site-search-note').filter({ hasText: 'もしかして「研修会」' }).waitFor();
    assert.match(await headerStatus(page), /「研習会」を含む施策は見つかりませんでした。もしかして「研修会」: \d+件/);
    const titles = await page.locator('.site-search-option .search-result-title').allTextContents();
    assert.ok(titles.includes('ゲートキーパー養成研修会'), titles.join(' / '));
    const all = page.locator('.site-search-all');
    assert.match(await all.getAttribute('href'), new RegExp(`\\?q=${encodeURIComponent('研修会')}$`), 'all results: those of the word meant');
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('results found through another word say which', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    const cases = [
      ['チラシ', '言い換え: 「リーフレット」を含む'], // an everyday word: the text says リーフレット
      ['引続き', '別の書き方: 「引き続'], // okurigana: the text writes 引き続き
    ];
    for (const [searched, via] of cases) {
      await page.goto(base + 'search/index.html?q=' + encodeURIComponent(searched));
      await page.locator('.search-result').first().waitFor();
      assert.match(await page.locator('.search-status').textContent(), new RegExp(`「${searched}」の検索結果: \\d+件（別の書き方や言い換え`));
      assert.ok((await page.locator('.search-result-via').first().textContent()).startsWith(via), searched);
    }
    // A word the text has, as typed: no label, no noise.
    await page.goto(base + 'search/index.html?q=' + encodeURIComponent('リーフレット'));
    await page.locator('.search-result').first().waitFor();
    assert.match(await page.locator('.search-status').textContent(), /「リーフレット」を含む施策: \d+件/);
    assert.equal(await page.locator('.search-result-via').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('nothing found: the nearest words the site has, tried, and the lists', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    const searched = `${COMMITTED} 該当しないｘｙｚ`;
    await page.goto(base + 'search/index.html?q=' + encodeURIComponent(searched));
    await page.locator('.search-help a').first().waitFor();
    const offered = await page.locator('.search-help a').allTextContents();
    assert.match(offered[0], new RegExp(`^「${COMMITTED}」で検索（\\d+件）$`), offered.join(' / '));
    assert.equal(await page.locator('[data-search-browse]').isVisible(), true, 'the lists of measures');
    // The header's short form: the nearest words and the way to the page's help.
    const box = page.locator('#site-search-q');
    await box.fill(searched);
    await page.locator('.site-search-word').first().waitFor();
    assert.deepEqual(await page.locator('.site-search-option').allTextContents(),
      [`「${COMMITTED}」で検索`, 'ほかの探し方（一覧から探す）を検索ページで見る']);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('search page: each query an entry; Back restores more results and the scroll', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(base + 'search/index.html?q=' + encodeURIComponent(COMMITTED));
    await page.locator('.search-result').first().waitFor();
    const input = page.locator('#search-page-q');
    await input.fill(MANY); // typed live: the address follows in an entry of its own
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, MANY);
    await page.locator('.search-more').click();
    await page.locator('.search-result').nth(10).waitFor();
    const shown = await page.locator('.search-result').count();
    const target = page.locator('.search-result').nth(12).locator('a').first();
    await target.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(scrolled > 0);
    await Promise.all([page.waitForURL(/measures\//), target.click()]);
    await page.goBack();
    await page.waitForFunction((n) => document.querySelectorAll('.search-result').length === n, shown);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 1, scrolled);
    await page.reload(); // the same from history.state, without the back-forward cache
    await page.waitForFunction((n) => document.querySelectorAll('.search-result').length === n, shown);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 1, scrolled);
    await page.goBack();
    await page.waitForFunction((q) => document.querySelector('#search-page-q').value === q, COMMITTED);
    assert.equal(await query(page), COMMITTED, 'Back returns to the previous query');
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('header box keeps its text after Back', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(base + 'policies/1.html');
    const box = page.locator('#site-search-q');
    await box.fill(COMMITTED);
    await page.locator('.site-search-option').first().waitFor();
    await box.press('ArrowDown');
    await Promise.all([page.waitForURL(/measures\//), box.press('Enter')]);
    await page.goBack();
    await page.waitForFunction((q) => document.querySelector('#site-search-q').value === q, COMMITTED);
    await page.reload();
    await page.waitForFunction((q) => document.querySelector('#site-search-q').value === q, COMMITTED);
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const [searched, shown] of [[MANY, '.search-result'], [`${COMMITTED} 該当しないｘｙｚ`, '.search-help a']]) {
    await t.test(`no layout shift as results arrive (${searched}, phone)`, async () => {
      const page = await context.newPage();
      const problems = watch(page);
      await page.addInitScript(() => {
        window.layoutShift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(base + 'search/index.html?q=' + encodeURIComponent(searched));
      await page.locator(shown).first().waitFor();
      const shift = await page.evaluate(() => window.layoutShift);
      assert.ok(shift < 0.1, `cumulative layout shift ${shift} < 0.1`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
}
