// Regenerates the README screenshots: node docs/take-screenshots.mjs SITE_DIR docs/screenshots
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
const site = process.argv[2], outDir = process.argv[3];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const url = (p) => pathToFileURL(`${site}/${p}`).href;
async function shot(path, name, width, height, fn) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  await page.goto(url(path));
  if (fn) await fn(page);
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: false });
  await page.close();
}
await shot('index.html', 'top-desktop', 1280, 900);
await shot('measures/2-05.html', 'measure-phone', 390, 844);
await shot('search/index.html', 'search-phone', 390, 844, async (page) => {
  await page.fill('.search-page input[type=search], #search-page-q, input[name=q]', 'いぞんしょう');
  await page.waitForTimeout(800);
});
await browser.close();
