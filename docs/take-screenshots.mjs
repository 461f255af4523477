// Regenerates the README screenshots: node docs/take-screenshots.mjs SITE_DIR docs/screenshots
// With PAGE NAME pairs after them, shoots those pages instead, whole, at phone
// and desktop widths: … SITE OUT measures/1-02.html kpi-measure
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
const site = process.argv[2], outDir = process.argv[3];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const url = (p) => pathToFileURL(`${site}/${p}`).href;
async function shot(path, name, width, height, fn, fullPage = false) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  await page.goto(url(path));
  if (fn) await fn(page);
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage });
  await page.close();
}
const pairs = process.argv.slice(4);
if (pairs.length > 0) {
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    await shot(pairs[i], `${pairs[i + 1]}-phone`, 390, 844, null, true);
    await shot(pairs[i], `${pairs[i + 1]}-desktop`, 1280, 900, null, true);
  }
  await browser.close();
  process.exit(0);
}
await shot('index.html', 'top-desktop', 1280, 900);
await shot('measures/2-05.html', 'measure-phone', 390, 844);
await shot('search/index.html', 'search-phone', 390, 844, async (page) => {
  await page.fill('.search-page input[type=search], #search-page-q, input[name=q]', 'いぞんしょう');
  await page.waitForTimeout(800);
});
// A slip typed on a phone: the page says what was not found and shows the word meant.
await shot('search/index.html', 'search-typo-phone', 390, 844, async (page) => {
  await page.goto(url('search/index.html') + '?q=' + encodeURIComponent('研習会'));
  await page.locator('.search-result').first().waitFor();
}, true);
await browser.close();
