// The browser tests of built sites, sharing one headless Debian chromium:
// axe-core on every page type under the strict CSP (with screenshots),
// keyboard only, reflow and touch targets, hostile content, the live
// reload of `shinchoku serve`, and the search UI (IME, history, no dead ends).
//
//   A11Y_SITE=DIR HOSTILE_SITE=DIR node --test tests/browser/
// A11Y_SITE: the bundled site built without base_url; HOSTILE_SITE:
// tests/fixtures/hostile built; INDICATORS_SITE: tests/fixtures/indicators
// built (pages with indicators); SYMBOLS_SITE, OFUNATO_SITE: the
// grades-sabc table and the Ofunato workbook imported and built (a scale of
// symbols, yearly figures); EIGHT_POLICIES_SITE: tests/fixtures/eight-policies
// built (the phone header with eight policies); SERVE_SITE: a writable copy of a site and
// SHINCHOKU_BIN the binary, for serve. tests/a11y.rs sets them and runs this.
// BROWSER_SUITE=reflow (a name below) runs one suite only.
// Skipped, saying so, when chromium, playwright-core or axe-core is missing;
// under CI=true it fails instead, so CI never passes by skipping.
import assert from 'node:assert/strict';
import test from 'node:test';
import { everyPageType } from './a11y.mjs';
import { finder } from './finder.mjs';
import { headerOnPhones } from './header.mjs';
import { launch, missing, skip } from './harness.mjs';
import { keyboardOnly } from './keyboard.mjs';
import { liveReload } from './live-reload.mjs';
import { phonePages } from './phone-pages.mjs';
import { reflow } from './reflow.mjs';
import { searchUi } from './search-ui.mjs';
import { hostileContentNeverRuns } from './xss.mjs';

const SUITES = { axe: everyPageType, keyboard: keyboardOnly, reflow, xss: hostileContentNeverRuns, serve: liveReload, finder, 'search-ui': searchUi, header: headerOnPhones, phone: phonePages };

test('built sites in chromium', { skip }, async (t) => {
  assert.equal(missing, '', 'required under CI=true (see .ci/run)');
  const browser = await launch();
  t.after(() => browser.close());
  const only = process.env.BROWSER_SUITE;
  for (const [name, suite] of Object.entries(SUITES)) {
    if (!only || only === name) await t.test(name, (t) => suite(t, browser));
  }
});
