// Round trip of `shinchoku serve`: the time from saving a measure's Markdown
// until the browser shows the change, live reload and all. It opens a
// measure page in headless chromium, then RUNS times appends a unique marker
// to that measure's body (with --title: to its title, which is searchable, so
// the search index is rebuilt too) and waits until the reloaded page shows it
// (DOMContentLoaded, the marker in the text, then one frame painted).
// Prints the median, min and max, and the server's own rebuild times.
//
// usage (from the repository root; Node 20, `npm ci`, Debian's chromium):
//   node bench/serve-roundtrip.mjs [SITE] [--runs 15] [--measures 1000] [--title]
// Without SITE it makes a --measures corpus with gen_corpus in a temp folder
// (on /dev/shm when there is one) and removes it afterwards; to keep one, make
// it with `cargo run --release --example gen_corpus -- --measures 1000 --out DIR`
// and pass DIR. The edited measure file is restored at the end. Either way
// it first runs `cargo build --release --bin shinchoku --example gen_corpus`.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const TIMEOUT_MS = 30_000;

const options = { runs: 15, measures: 1000, site: null, title: false };
const argv = process.argv.slice(2);
while (argv.length) {
  const arg = argv.shift();
  if (arg === '--runs') options.runs = Number(argv.shift());
  else if (arg === '--measures') options.measures = Number(argv.shift());
  else if (arg === '--title') options.title = true;
  else if (!arg.startsWith('--') && !options.site) options.site = path.resolve(arg);
  else throw new Error(`usage: node bench/serve-roundtrip.mjs [SITE] [--runs N] [--measures N] [--title]`);
}

execFileSync('cargo', ['build', '--release', '-q', '--bin', 'shinchoku', '--example', 'gen_corpus'],
  { cwd: repo, stdio: 'inherit' });
const generated = !options.site;
const site = options.site ?? fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'shinchoku-serve-'));
if (generated) {
  execFileSync(path.join(repo, 'target/release/examples/gen_corpus'),
    ['--measures', String(options.measures), '--out', site], { cwd: repo, stdio: 'inherit' });
}

const measureDir = path.join(site, 'content/measures');
const measureFile = fs.readdirSync(measureDir).filter((name) => name.endsWith('.md')).sort()[0];
const file = path.join(measureDir, measureFile);
const original = fs.readFileSync(file, 'utf8');
const id = original.match(/^id:\s*["']?([^"'\s]+)/m)[1];
const measureCount = fs.readdirSync(measureDir).length;

const server = spawn(path.join(repo, 'target/release/shinchoku'), ['serve', '--root', site, '--port', '0'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stderr.on('data', (chunk) => { log += chunk; });
let browser;
try {
  const base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const url = out.match(/http:\/\/\S+\//);
      if (url) resolve(url[0]);
    });
    server.on('exit', (code) => reject(new Error(`shinchoku serve exited (${code}):\n${log}`)));
  });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage();
  // The page must be listening before the first save.
  const listening = page.waitForResponse((response) => response.url().includes('/__shinchoku/events'),
    { timeout: TIMEOUT_MS });
  await page.goto(`${base}measures/${id}.html`);
  await listening;

  const times = [];
  for (let run = 1; run <= options.runs; run++) {
    const marker = `roundtrip-${process.pid}-${run}-${Date.now()}`;
    const started = performance.now();
    fs.writeFileSync(file, options.title ? withTitleMarker(original, marker) : `${original.trimEnd()}\n\n${marker}\n`);
    await shown(page, marker);
    times.push(performance.now() - started);
    // Let the rebuild thread and the event stream settle between runs.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  const rebuilds = [...log.matchAll(/再構築しました: .*?(\d+) ms）/g)].map((m) => Number(m[1]));
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (value) => `${Math.round(value)} ms`;
  console.log(`serve round trip, ${measureCount} measures, ${options.runs} saves of measures/${id}.md:`);
  console.log(`  save → marker visible: median ${ms(median(sorted))}, min ${ms(sorted[0])}, max ${ms(sorted.at(-1))}`);
  if (rebuilds.length) {
    console.log(`  server rebuilds (${rebuilds.length}): median ${ms(median(rebuilds.sort((a, b) => a - b)))}`);
  }
} finally {
  fs.writeFileSync(file, original);
  await browser?.close();
  server.kill();
  if (generated) fs.rmSync(site, { recursive: true, force: true });
}

/** The measure with `marker` at the end of its title: searchable text, so
 * the search index is rebuilt too (the body is not searchable). */
function withTitleMarker(text, marker) {
  const edited = text.replace(/^title: (["']?)(.*)\1$/m, (_, quote, title) => `title: ${quote}${title} ${marker}${quote}`);
  if (edited === text) throw new Error('the measure has no title line');
  return edited;
}

/** Resolves once a reload of `page` shows `marker` and has painted a frame. */
async function shown(page, marker) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    await page.waitForEvent('domcontentloaded', { timeout: Math.max(1, deadline - Date.now()) });
    const visible = await page.evaluate((text) => document.body.innerText.includes(text)
      && new Promise((resolve) => requestAnimationFrame(() => resolve(true))), marker);
    if (visible) return;
  }
}

function median(sorted) {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
