// Hostile content (tests/fixtures/hostile: <script>, <img onerror>,
// javascript: links, HTML in every front-matter field and in Markdown
// bodies) must never run: on every page of the built site and in search
// results, no dialog opens, no script error happens and no injected element
// exists. Served WITHOUT a CSP, so that the escaping alone is tested.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, siteFrom, watch } from './harness.mjs';

const QUERY = '攻撃テスト';
// Text of the fixture that must be shown as text: proof it was not dropped.
const SHOWN_AS_TEXT = "<script>alert('title')</script>";

/** Elements and attributes an injection would leave behind (none of the site's own). */
function injected() {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) found.push(`${element.tagName} ${attribute.name}`);
      if (/^\s*(javascript|data|vbscript):/i.test(attribute.value) && ['href', 'src', 'action', 'formaction', 'content'].includes(attribute.name)) {
        found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
    }
  }
  for (const element of document.querySelectorAll('iframe, object, embed, style, meta[http-equiv], base, svg script')) found.push(element.outerHTML);
  for (const script of document.querySelectorAll('script')) {
    if (!/assets\/[a-z-]+\.js$/.test(script.getAttribute('src') || '')) found.push(script.outerHTML);
  }
  return found;
}

function htmlPages(site) {
  return fs.readdirSync(site, { recursive: true }).filter((f) => f.endsWith('.html')).map((f) => f.split(path.sep).join('/')).sort();
}

export async function hostileContentNeverRuns(t, browser) {
  const site = siteFrom('HOSTILE_SITE');
  const { server, base } = await serve(site, { csp: false });
  t.after(() => server.close());

  /** Opens a page, lets `act` use it, then checks nothing ran or was injected. */
  async function check(url, act = async () => {}) {
    const page = await browser.newPage();
    const problems = watch(page, { expectNotFound: url.endsWith('404.html') });
    await page.goto(base + url);
    await act(page);
    await page.waitForTimeout(100); // give an injected onerror its chance
    assert.deepEqual(await page.evaluate(injected), [], `injected elements on ${url}`);
    assert.deepEqual(problems, [], `dialogs or errors on ${url}`);
    await page.close();
  }

  for (const url of htmlPages(site)) {
    await t.test(url, () => check(url));
  }

  await t.test('the payloads are shown as text', () => check('measures/1-01.html', async (page) => {
    assert.ok((await page.locator('h1').textContent()).includes(SHOWN_AS_TEXT));
  }));

  await t.test('header search results', () => check('index.html', async (page) => {
    await page.locator('#site-search-q').pressSequentially(QUERY, { delay: 20 });
    await page.locator('.site-search-option').first().waitFor();
    assert.ok((await page.locator('.site-search-option').count()) >= 2, 'both hostile measures found');
  }));

  await t.test('search page results', () => check(`search/index.html?q=${encodeURIComponent(QUERY)}`, async (page) => {
    await page.locator('.search-result').first().waitFor();
    assert.ok((await page.locator('.search-result').count()) >= 2, 'both hostile measures found');
  }));
}
