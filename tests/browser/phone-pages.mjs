// What a citizen on a phone sees first and prints (issue #16): the notice
// of site.toml above every page's heading, named for screen readers, its
// numbers tappable, printed too; and the charts as the browser shows them:
// each image loads as an SVG, speaks Japanese (era years, no `FY20`), and
// its <title>/<desc> say what the page's alt text says. Run on the bundled
// site (A11Y_SITE).
import assert from 'node:assert/strict';
import { serve, siteFrom, watch } from './harness.mjs';

const PHONE = { width: 375, height: 812 };
const PAGES = ['index.html', 'policies/1.html', 'measures/1-01.html', 'data.html'];

/** The notice as laid out: its place above the h1, its name, its links. */
function notice() {
  const aside = document.querySelector('.site-notice');
  if (!aside) return null;
  const name = document.getElementById(aside.getAttribute('aria-labelledby'));
  return {
    shown: aside.checkVisibility(),
    bottom: aside.getBoundingClientRect().bottom,
    h1Top: document.querySelector('h1').getBoundingClientRect().top,
    name: name ? name.textContent.trim() : '',
    phones: [...aside.querySelectorAll('a[href^="tel:"]')].map((a) => a.getAttribute('href')),
  };
}

export async function phonePages(t, browser) {
  const { server, base } = await serve(siteFrom('A11Y_SITE'));
  t.after(() => server.close());

  await t.test('the notice comes first on every page, named, tappable and printed', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const problems = watch(page);
    for (const path of PAGES) {
      await page.goto(base + path);
      const seen = await page.evaluate(notice);
      assert.ok(seen, `${path}: no notice`);
      assert.ok(seen.shown, `${path}: notice hidden`);
      assert.ok(seen.bottom <= seen.h1Top, `${path}: the notice is above the page's heading`);
      assert.ok(seen.name.length > 0, `${path}: the notice has a name`);
      assert.ok(seen.phones.length > 0 && seen.phones.every((href) => /^tel:\d{10,11}$/.test(href)), `${path}: ${seen.phones}`);
      await page.emulateMedia({ media: 'print' });
      assert.ok((await page.evaluate(notice)).shown, `${path}: the notice prints`);
      await page.emulateMedia({ media: 'screen' });
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  await t.test('charts load as SVG, in Japanese, described as the page describes them', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(base + 'policies/1.html');
    const images = await page.evaluate(async () => {
      const found = [...document.querySelectorAll('img[src*="charts/"]')];
      for (const img of found) {
        img.loading = 'eager';
        if (!img.complete) await new Promise((done) => { img.onload = done; img.onerror = done; });
      }
      return found.map((img) => ({ src: img.src, alt: img.alt, width: img.naturalWidth }));
    });
    assert.ok(images.length >= 2, `charts on the policy page: ${images.length}`);
    for (const image of images) {
      assert.ok(image.width > 0, `${image.src} did not load as an image`);
      const svg = await page.evaluate(async (src) => {
        const text = await (await fetch(src)).text();
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const root = doc.documentElement;
        const label = (id) => (doc.getElementById(id) || {}).textContent || '';
        return {
          error: doc.querySelector('parsererror') !== null,
          role: root.getAttribute('role'),
          named: (root.getAttribute('aria-labelledby') || '').split(/\s+/).map(label).join(' '),
          desc: (root.querySelector(':scope > desc') || {}).textContent || '',
          texts: [...root.querySelectorAll('text')].map((e) => e.textContent),
        };
      }, image.src);
      assert.ok(!svg.error, `${image.src}: not well-formed`);
      assert.equal(svg.role, 'img', image.src);
      assert.ok(svg.named.includes(svg.desc.trim()) && svg.desc.trim().length > 0, `${image.src}: <desc> is its name`);
      assert.equal(svg.desc.trim(), image.alt.trim(), `${image.src}: <desc> says what the page's alt says`);
      assert.ok(svg.texts.some((text) => text.includes('令和')), `${image.src}: era years: ${svg.texts}`);
      assert.ok(!svg.texts.some((text) => /FY\d/.test(text)), `${image.src}: ASCII years`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}
