// The search in a real browser (Debian's chromium, headless, driven by
// playwright-core): over http on 127.0.0.1 with a strict CSP, and from
// file://. Type a query in the header box, see the expected first result,
// follow it; the search page, its URL and the back button. What to expect
// is what the same engine answers in Node, so any site can be tested.
//
//   node --test tests/search/browser.test.mjs        (builds tests/search/site)
//   SEARCH_SITE=public node --test tests/search/browser.test.mjs
// Skipped, saying so, when chromium or playwright-core (npm ci) is missing;
// under CI=true it fails instead, so CI never passes by skipping.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import test from 'node:test';
import { pathToFileURL } from 'node:url';

// CI and loaded developer machines have 2 shared cores: Playwright's 30 s
// default is too tight there, and a real failure still fails, only later.
const ACTION_TIMEOUT_MS = 90_000;

async function newPage(browser) {
  const page = await browser.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return page;
}
import { loadEngine, testSite } from './engine.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// What a strict host would send: no inline script or style, no eval.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.csv': 'text/csv' };

const missing = [
  !fs.existsSync(CHROMIUM) && `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`,
  !(await import('playwright-core').then(() => true, () => false)) && 'playwright-core not installed (npm ci)',
].filter(Boolean).join('; ');
const skip = missing && process.env.CI !== 'true' ? missing : false;
// Queries with answers on the test site and on the bundled one alike.
const READING = 'いぞんしょう';
const GLUED = 'ＤＶ相談';
const INSIDE = '未遂者';
const PAGE_RESULTS = 10;

/** The result count and first result (title, url) the engine gives in Node. */
async function expected(site, query) {
  const { engine } = loadEngine(site);
  const { results } = await engine.search(query);
  assert.ok(results.length > 0, `${query} finds something on ${site}`);
  const first = await engine.present(results[0]);
  return { count: results.length, title: first.title, url: first.url };
}

function serve(dir) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) file = dir; // no way out of the site
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Security-Policy': CSP });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('search in headless chromium', { skip }, async (t) => {
  assert.equal(missing, '', 'required under CI=true (see .ci/run)');
  const { chromium } = await import('playwright-core');
  const site = testSite();
  const server = await serve(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const bases = {
    http: `http://127.0.0.1:${server.address().port}/`,
    file: pathToFileURL(site).href + '/',
  };

  const reading = await expected(site, READING);
  const glued = await expected(site, GLUED);
  const inside = await expected(site, INSIDE);
  const urlPattern = (url) => new RegExp(url.replace(/[.]/g, '\\.') + '$');

  for (const [name, base] of Object.entries(bases)) {
    await t.test(`header box, over ${name}`, async () => {
      const page = await newPage(browser);
      const problems = watch(page);
      await page.goto(base + 'policies/1.html');
      const box = page.locator('#site-search-q');
      await box.focus();
      await box.pressSequentially(READING, { delay: 20 });
      const first = page.locator('.site-search-option').first();
      await first.waitFor();
      assert.equal(await first.locator('.search-result-title a').textContent(), reading.title);
      assert.ok((await first.locator('mark').count()) > 0, 'the reading match is marked');
      assert.match(await page.locator('.site-search [role="status"]').textContent(), new RegExp(`${reading.count}件`));
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      await box.press('ArrowDown');
      assert.equal(await box.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
      await Promise.all([page.waitForURL(urlPattern(reading.url)), box.press('Enter')]);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await t.test(`nothing found, Escape, over ${name}`, async () => {
      const page = await newPage(browser);
      const problems = watch(page);
      await page.goto(base + 'index.html');
      const box = page.locator('#site-search-q');
      await box.focus();
      await box.fill('該当しない言葉ｘｙｚ');
      const message = page.locator('.site-search-message');
      await message.waitFor();
      assert.match(await message.textContent(), /見つかりませんでした/);
      await box.press('Escape');
      assert.equal(await page.locator('.site-search-panel').isHidden(), true);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await t.test(`search page, URL and back button, over ${name}`, async () => {
      const page = await newPage(browser);
      const problems = watch(page);
      await page.goto(base + 'search/index.html?q=' + encodeURIComponent(GLUED));
      assert.equal(await page.locator('[data-search-requires-js]').isHidden(), true);
      const results = page.locator('.search-result');
      const titles = page.locator('.search-result h2 a');
      await results.first().waitFor();
      assert.equal(await results.count(), Math.min(glued.count, PAGE_RESULTS));
      assert.equal(await titles.first().textContent(), glued.title);
      assert.match(await page.locator('.search-status').textContent(), new RegExp(`${glued.count}件`));
      assert.match(await page.title(), new RegExp(GLUED));
      const input = page.locator('#search-page-q');
      assert.equal(await input.inputValue(), GLUED);
      await input.fill(INSIDE);
      await input.press('Enter');
      await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, INSIDE);
      await page.waitForFunction((title) => document.querySelector('.search-result h2 a')?.textContent === title, inside.title);
      await page.goBack();
      await page.waitForFunction((q) => document.querySelector('#search-page-q')?.value === q, GLUED);
      await page.waitForFunction((title) => document.querySelector('.search-result h2 a')?.textContent === title, glued.title);
      await Promise.all([page.waitForURL(urlPattern(glued.url)), titles.first().click()]);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  await t.test('a query with a lone surrogate still searches, and content text is isolated', async () => {
    const page = await newPage(browser);
    const problems = watch(page);
    await page.goto(bases.http + 'search/index.html?q=%ED%A0%80+' + encodeURIComponent(READING));
    await page.locator('.search-status', { hasText: '見つかりませんでした' }).waitFor();
    // Made in the page: a lone surrogate would not survive the trip there.
    await page.evaluate((query) => {
      const input = document.querySelector('#search-page-q');
      input.value = query + String.fromCharCode(0xd800);
      input.dispatchEvent(new Event('input'));
    }, READING);
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, READING + '\ufffd');
    await page.locator('#search-page-q').fill(READING);
    await page.locator('#search-page-q').press('Enter');
    const title = page.locator('.search-result h2 a').first();
    await title.waitFor();
    assert.equal(await title.locator('> bdi').textContent(), reading.title, 'the title in a <bdi>');
    assert.ok(await page.locator('.search-result-about bdi').count() > 0, 'so are the policy and departments');
    assert.deepEqual(problems, []);
    await page.close();
  });
});

/** Script errors, CSP violations (reported on the console) and failed
 * requests of a page; the favicon chromium asks every host for is no page's. */
function watch(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
}
