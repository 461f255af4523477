// `shinchoku serve` in a real browser: a saved edit shows in the open page
// by itself; a broken file shows an alert over the page naming the file and
// line (as text, never markup), and fixing it brings the page back.
//   SERVE_SITE: a writable copy of a site; SHINCHOKU_BIN: the binary.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { siteFrom, watch } from './harness.mjs';

const TIMEOUT = 15_000;

/** Starts serve on a free port; resolves to {url, stop}. */
function startServe(site) {
  const bin = process.env.SHINCHOKU_BIN;
  if (!bin) throw new Error('SHINCHOKU_BIN must name the shinchoku binary (tests/a11y.rs sets it)');
  const child = spawn(bin, ['serve', '--root', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = stdout.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (url) resolve({ url: url[0], stop: () => child.kill(), log: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

export async function liveReload(t, browser) {
  const site = siteFrom('SERVE_SITE');
  const file = path.join(site, 'content/measures/1-01.md');
  const original = fs.readFileSync(file, 'utf8');
  const server = await startServe(site);
  t.after(() => { server.stop(); fs.writeFileSync(file, original); });
  const page = await browser.newPage();
  t.after(() => page.close());
  const problems = watch(page);
  await page.goto(server.url + 'measures/1-01.html');
  const shows = (text) => page.waitForFunction((t) => document.body.innerText.includes(t), text, { timeout: TIMEOUT });

  fs.writeFileSync(file, original + '\nライブ更新の確認です。\n');
  await shows('ライブ更新の確認です。');

  const broken = original.replace(/^policy: (\d+)$/m, 'policy: [$1');
  assert.notEqual(broken, original);
  fs.writeFileSync(file, broken + '\n<img src=x onerror=alert(1)>\n');
  const alert = page.locator('[role="alert"]');
  await alert.waitFor({ timeout: TIMEOUT });
  const message = await alert.innerText();
  assert.match(message, /サイトを作れませんでした/);
  assert.match(message, /content\/measures\/1-01\.md:\d+/);
  assert.equal(await page.locator('[role="alert"] img').count(), 0, 'diagnostics must be text, not markup');

  fs.writeFileSync(file, original + '\n直りました。\n');
  await shows('直りました。');
  assert.equal(await alert.count(), 0, 'the alert stays after the fix');
  assert.deepEqual(problems.filter((p) => !p.includes('/__shinchoku/events')), []);
  assert.match(server.log(), /再構築しました/);
}
