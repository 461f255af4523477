// Accessibility of every page type of a built site in headless chromium,
// served under the strict CSP: axe-core (WCAG 2.0/2.1 A and AA) with zero
// violations at desktop and phone widths, no CSP violation or script error,
// lang="ja", and full-page screenshots for a person to look at.
//
// Screenshots go to tests/artifacts/screenshots/ (or SCREENSHOT_DIR).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repo, serve, siteFrom, watch } from './harness.mjs';
import { axeViolations, pageTypes, ready } from './pages.mjs';

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } };
const SCREENSHOTS = process.env.SCREENSHOT_DIR || path.join(repo, 'tests/artifacts/screenshots');

/** Headings out of order (axe has this only as a best practice): the first
 * must be the only h1, and none may go more than one level deeper. */
function headingSkips() {
  const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
  const skips = levels.flatMap((level, i) => (level > (i ? levels[i - 1] : 0) + 1 ? [`h${level} after h${levels[i - 1] ?? '-'}`] : []));
  if (levels[0] !== 1 || levels.filter((l) => l === 1).length !== 1) skips.push(`h1s: ${levels.join(' ')}`);
  return skips;
}

/** Pages with indicators (評価指標), of INDICATORS_SITE: their tables, charts and summaries. */
const INDICATOR_PAGES = [
  ['indicators top', 'index.html'],
  ['indicators policy', 'policies/1.html'],
  ['indicators measure', 'measures/1-01.html'],
];

/** Pages of a scale of symbols (S/A/B/C/−), of SYMBOLS_SITE: grades-sabc imported. */
const SYMBOL_PAGES = [
  ['symbols top', 'index.html'],
  ['symbols node', 'shisaku/1.html'],
  ['symbols data', 'data.html'],
];

/** Pages with yearly figures, of OFUNATO_SITE: the Ofunato workbook imported. */
const OFUNATO_PAGES = [
  ['figures measure', 'measures/0065.html'],
  ['figures node', 'seisaku/2.html'],
];

export async function everyPageType(t, browser) {
  const site = siteFrom('A11Y_SITE');
  const { server, base } = await serve(site);
  t.after(() => server.close());
  const indicators = await serve(siteFrom('INDICATORS_SITE'));
  t.after(() => indicators.server.close());
  const symbols = await serve(siteFrom('SYMBOLS_SITE'));
  t.after(() => symbols.server.close());
  const ofunato = await serve(siteFrom('OFUNATO_SITE'));
  t.after(() => ofunato.server.close());
  const visits = [
    ...pageTypes(site).map(([name, page_path]) => [name, base, page_path]),
    ...INDICATOR_PAGES.map(([name, page_path]) => [name, indicators.base, page_path]),
    ...SYMBOL_PAGES.map(([name, page_path]) => [name, symbols.base, page_path]),
    ...OFUNATO_PAGES.map(([name, page_path]) => [name, ofunato.base, page_path]),
  ];
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  await t.test('axe reports what it should', async () => {
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><body><img src="x.png"></body></html>');
    const violations = (await axeViolations(page)).map((v) => v.split(' ')[0]);
    assert.deepEqual(violations, ['document-title', 'html-has-lang', 'image-alt']);
    await page.close();
  });

  for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ viewport });
    for (const [name, origin, page_path] of visits) {
      await t.test(`${name} (${viewportName})`, async () => {
        const page = await context.newPage();
        const problems = watch(page, { expectNotFound: name === '404' });
        await page.goto(origin + page_path);
        await ready(page, name);
        assert.equal(await page.getAttribute('html', 'lang'), 'ja');
        assert.deepEqual(await page.evaluate(headingSkips), [], 'one h1, and headings never skip a level');
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `axe on ${page_path}:\n${violations.join('\n')}`);
        assert.deepEqual(problems, [], 'no script error, CSP violation or failed request');
        const file = `${name.replace(/[^a-z0-9]+/g, '-')}-${viewportName}.png`;
        await page.screenshot({ path: path.join(SCREENSHOTS, file), fullPage: true });
        await page.close();
      });
    }
    await context.close();
  }
}
