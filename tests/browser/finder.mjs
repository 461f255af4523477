// The measure finder (measures.html) with its script, under the strict CSP:
// filters by level, year and grade narrow the plain table and announce the
// count, sorting marks its heading with aria-sort, the state is in the
// address (shareable, Back returns), and the page works opened from disk.
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, siteFrom, watch } from './harness.mjs';

/** The ids of the rows shown, in order. */
function shownIds() {
  return [...document.querySelectorAll('#finder-table tbody tr')]
    .filter((row) => !row.hidden)
    .map((row) => row.cells[0].textContent);
}

/** The ids of the rows whose data attribute `name` lists `value`. */
function idsWith([name, value]) {
  return [...document.querySelectorAll('#finder-table tbody tr')]
    .filter((row) => (row.getAttribute(`data-${name}`) || '').split('\n').includes(value))
    .map((row) => row.cells[0].textContent);
}

const count = (page) => page.locator('#finder-count').textContent();

export async function finder(t, browser) {
  const site = siteFrom('A11Y_SITE');
  const { server, base } = await serve(site);
  t.after(() => server.close());
  const page = await browser.newPage();
  const problems = watch(page);
  t.after(() => page.close());
  await page.goto(base + 'measures.html');
  await page.locator('#finder-filters:not([hidden])').waitFor();

  await t.test('all measures, then one basic policy', async () => {
    assert.equal(await count(page), '44件の施策');
    assert.equal(await page.locator('#finder-count').getAttribute('role'), 'status');
    const expected = await page.evaluate(idsWith, ['filter-level-0', '2']);
    assert.ok(expected.length > 0 && expected.length < 44, String(expected));
    await page.selectOption('#finder-level-0', '2');
    assert.deepEqual(await page.evaluate(shownIds), expected);
    assert.equal(await count(page), `${expected.length}件の施策`);
    assert.match(page.url(), /\?level-0=2$/);
  });

  await t.test('a year and a grade: that year only', async () => {
    await page.selectOption('#finder-level-0', '');
    await page.selectOption('#finder-year', '2019');
    await page.selectOption('#finder-grade', 'band-0');
    const expected = await page.evaluate(idsWith, ['filter-grade-2019', 'band-0']);
    assert.ok(expected.length > 0, 'some measure reached 100% in 2019');
    assert.deepEqual(await page.evaluate(shownIds), expected);
    assert.equal(await page.locator('th[data-key="grade-2020"]').isHidden(), true);
    assert.equal(await page.locator('th[data-key="grade-2019"]').isVisible(), true);
    assert.match(page.url(), /year=2019/);
  });

  await t.test('sorting by a grade, announced by aria-sort; Back undoes it', async () => {
    await page.locator('#finder-filters button[type="reset"]').click();
    assert.equal(await count(page), '44件の施策');
    const heading = page.locator('th[data-key="grade-2020"]');
    await heading.locator('button').click();
    assert.equal(await heading.getAttribute('aria-sort'), 'ascending');
    const keys = await page.evaluate(() => [...document.querySelectorAll('#finder-table tbody tr')]
      .map((row) => Number(row.querySelector('[data-sort]:last-of-type').getAttribute('data-sort'))));
    assert.deepEqual(keys, [...keys].sort((a, b) => a - b), 'best grade first');
    await heading.locator('button').press('Enter');
    assert.equal(await heading.getAttribute('aria-sort'), 'descending');
    assert.match(page.url(), /sort=grade-2020&order=desc/);
    await page.goBack();
    assert.equal(await heading.getAttribute('aria-sort'), 'ascending');
    await page.goBack();
    assert.equal(await heading.getAttribute('aria-sort'), null);
    assert.equal((await page.evaluate(shownIds))[0], '1-01', 'reading order again');
  });

  await t.test('a shared address opens filtered', async () => {
    const other = await browser.newPage();
    await other.goto(base + 'measures.html?department=' + encodeURIComponent('福祉部'));
    await other.locator('#finder-filters:not([hidden])').waitFor();
    const expected = await other.evaluate(idsWith, ['filter-department', '福祉部']);
    assert.deepEqual(await other.evaluate(shownIds), expected);
    assert.equal(await other.inputValue('#finder-department'), '福祉部');
    await other.close();
  });

  await t.test('opened from disk', async () => {
    const local = await browser.newPage();
    const errors = [];
    local.on('pageerror', (error) => errors.push(String(error)));
    await local.goto('file://' + path.join(site, 'measures.html'));
    await local.locator('#finder-filters:not([hidden])').waitFor();
    await local.selectOption('#finder-level-0', '1');
    const expected = await local.evaluate(idsWith, ['filter-level-0', '1']);
    assert.deepEqual(await local.evaluate(shownIds), expected);
    assert.deepEqual(errors, []);
    await local.close();
  });

  assert.deepEqual(problems, [], 'no script error, CSP violation or failed request');
}
