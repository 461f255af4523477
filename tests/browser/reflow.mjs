// Reflow (WCAG 1.4.10) at 320 CSS px and at 200% zoom of a 1280 px window
// (= 640 CSS px): no page scrolls sideways and nothing sticks out of the
// window, except inside a container that scrolls on its own (data tables).
// Touch targets: controls outside running text are at least 44 px high
// (Digital Agency design system).
import assert from 'node:assert/strict';
import { serve, siteFrom } from './harness.mjs';
import { pageTypes, ready } from './pages.mjs';

const WIDTHS = { '320 px': { width: 320, height: 640 }, '200% zoom': { width: 640, height: 400 } };
const MIN_TARGET = 44;

/** Elements that stick out of the window and are not inside a scrolling container. */
function cutOff() {
  const width = document.documentElement.clientWidth;
  const scrollsOnItsOwn = (element) => {
    for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return true;
    }
    return false;
  };
  const found = [];
  if (document.documentElement.scrollWidth > width) found.push(`page is ${document.documentElement.scrollWidth} px wide`);
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(element).visibility === 'hidden') continue;
    if ((box.right > width + 1 || box.left < -1) && !scrollsOnItsOwn(element) && !element.closest('.skip-link')) {
      found.push(`${element.tagName}.${element.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return found.slice(0, 10);
}

/** Controls people tap that are smaller than the minimum: header, navigation,
 * pagers, buttons and inputs (links inside sentences and tables are exempt). */
function smallTargets(min) {
  const selector = 'button, input, select, .site-nav a, .site-name a, .breadcrumbs a, .footer-links a, .pager a, .link-list a, .download';
  return [...document.querySelectorAll(selector)]
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([, box]) => box.height < min - 0.5)
    .map(([e, box]) => `${e.tagName} ${(e.textContent || e.id).trim().slice(0, 20)}: ${Math.round(box.height)} px high`);
}

export async function reflow(t, browser) {
  const site = siteFrom('A11Y_SITE');
  const { server, base } = await serve(site);
  t.after(() => server.close());
  for (const [widthName, viewport] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport });
    for (const [name, path] of pageTypes(site)) {
      await t.test(`${name} at ${widthName}`, async () => {
        const page = await context.newPage();
        await page.goto(base + path);
        await ready(page, name);
        assert.deepEqual(await page.evaluate(cutOff), [], 'nothing cut off, no sideways scrolling');
        assert.deepEqual(await page.evaluate(smallTargets, MIN_TARGET), [], `targets at least ${MIN_TARGET} px`);
        await page.close();
      });
    }
    await context.close();
  }
}
