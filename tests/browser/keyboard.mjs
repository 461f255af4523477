// Keyboard only, under the strict CSP: the skip link comes first and moves
// focus to the main content; Tab visits every control in visual order (never
// back up the page), each with a visible focus indicator; the search works
// with Tab, typing, arrow keys and Enter alone.
import assert from 'node:assert/strict';
import { serve, siteFrom, watch } from './harness.mjs';
import { pageTypes, ready } from './pages.mjs';

const QUERY = 'いぞんしょう';

/** Everything a keyboard user must be able to reach, in DOM order. */
function focusableCount() {
  const selector = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(selector)].filter((e) => !e.disabled && e.getClientRects().length > 0).length;
}

/** What has focus now: its position on the page and whether its focus shows. */
function focusState() {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  return {
    name: `${element.tagName} ${element.id || element.className} ${(element.textContent || '').trim().slice(0, 30)}`,
    top: box.top + window.scrollY,
    bottom: box.bottom + window.scrollY,
    left: box.left,
    right: box.right,
    visible,
    onScreen: box.bottom > 0 && box.top < window.innerHeight && box.width > 0,
  };
}

/** Presses Tab until focus comes back round; returns each stop. */
async function tabThrough(page) {
  const stops = [];
  for (let i = 0; i < 500; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(focusState);
    if (!state || (stops.length > 0 && state.name === stops[0].name && state.top === stops[0].top)) break;
    stops.push(state);
  }
  return stops;
}

export async function keyboardOnly(t, browser) {
  const site = siteFrom('A11Y_SITE');
  const { server, base } = await serve(site);
  t.after(() => server.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.after(() => context.close());

  for (const [name, path] of pageTypes(site)) {
    await t.test(`Tab through ${name}`, async () => {
      const page = await context.newPage();
      const problems = watch(page, { expectNotFound: name === '404' });
      await page.goto(base + path);
      await ready(page, name);
      const stops = await tabThrough(page);
      assert.ok(stops[0].name.includes('skip-link'), `the skip link comes first, not ${stops[0].name}`);
      assert.equal(stops.length, await page.evaluate(focusableCount), 'every control is reached');
      for (const [i, stop] of stops.entries()) {
        assert.ok(stop.visible, `focus is visible on ${stop.name}`);
        assert.ok(stop.onScreen, `focused ${stop.name} is scrolled into view`);
        // Reading order: a stop never starts above the one before it ends,
        // unless it is the next column of a grid (to the right).
        const before = stops[i - 1];
        if (i > 1) assert.ok(stop.bottom > before.top || stop.left >= before.right, `${stop.name} comes after ${before.name}`);
      }
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  await t.test('skip link moves focus to the main content', async () => {
    const page = await context.newPage();
    await page.goto(base + 'measures/1-01.html');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement.closest('main') !== null);
    assert.ok(next, 'the next Tab stays in the main content');
    await page.close();
  });

  await t.test('search without a mouse', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(base + 'index.html');
    while (await page.evaluate(() => document.activeElement.id !== 'site-search-q')) await page.keyboard.press('Tab');
    await page.keyboard.type(QUERY, { delay: 20 });
    await page.locator('.site-search-option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    const target = await page.locator('.site-search-option').first().locator('a').getAttribute('href');
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith(target.replace(/^.*\//, '/'))), page.keyboard.press('Enter')]);
    // The submit button works from the keyboard too: to the search page.
    await page.goto(base + 'index.html');
    await page.focus('#site-search-q');
    await page.keyboard.type(QUERY);
    await page.locator('.site-search-option').first().waitFor();
    await page.keyboard.press('Escape'); // closes the suggestions, keeps the query
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), '検索');
    await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.keyboard.press('Enter')]);
    await page.locator('.search-result').first().waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });
}
