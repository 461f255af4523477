// The header on a phone (issue #16): at 375×812 it stays short (it took
// 247 px, 291 px with 8 policies), the navigation folds behind 「メニュー」
// (a <details>, no JavaScript) that the keyboard opens, the links inside
// name the policies, and search is there without opening anything. On a
// wide screen the navigation shows open. Checked on the bundled site and on
// tests/fixtures/eight-policies (long name, eight long policy titles).
import assert from 'node:assert/strict';
import { serve, siteFrom, watch } from './harness.mjs';

const PHONE = { width: 375, height: 812 };
const MAX_HEADER = 120;

/** The header's height and which navigation links a reader can see. */
function header() {
  const links = [...document.querySelectorAll('.site-nav a')];
  return {
    height: document.querySelector('.site-header').getBoundingClientRect().height,
    shown: links.filter((a) => a.checkVisibility({ contentVisibilityAuto: true })).map((a) => a.textContent.trim()),
    count: links.length,
    search: document.querySelector('#site-search-q').checkVisibility(),
  };
}

export async function headerOnPhones(t, browser) {
  for (const env of ['A11Y_SITE', 'EIGHT_POLICIES_SITE']) {
    const { server, base } = await serve(siteFrom(env));
    t.after(() => server.close());
    await t.test(`${env}: short header, navigation folded, search at hand`, async () => {
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(base + 'index.html');
      const closed = await page.evaluate(header);
      assert.ok(closed.height <= MAX_HEADER, `header ${closed.height} px high at 375×812 (at most ${MAX_HEADER})`);
      assert.deepEqual(closed.shown, [], 'navigation folded');
      assert.ok(closed.search, 'search field shown without opening the menu');
      const summary = page.locator('.site-menu > summary');
      assert.equal(await summary.evaluate((e) => e.textContent.trim()), 'メニュー', 'the button has a name');

      // Keyboard: Tab from the search button reaches the menu button; Enter opens it.
      await page.focus('.site-search button');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('.site-menu').evaluate((e) => e.open), true, 'opened');
      const open = await page.evaluate(header);
      assert.equal(open.shown.length, open.count, 'every link shown once open');
      assert.ok(open.shown.some((text) => /^基本施策1\s+\S/.test(text)), `policies named: ${open.shown}`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'トップ', 'Tab goes into the menu');
      for (let i = 1; i < open.count; i += 1) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), '検索', 'every link reached in order');
      assert.deepEqual(problems, []);

      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(base + 'index.html');
      const wide = await page.evaluate(header);
      assert.equal(wide.shown.length, wide.count, 'wide screens show the navigation open');
      await context.close();
    });
  }
}
