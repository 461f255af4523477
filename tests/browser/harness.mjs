// Shared by the browser tests: one headless Debian chromium (driven by
// playwright-core), a tiny static server that sends a strict
// Content-Security-Policy with every file, and a watcher that collects
// script errors, CSP violations, dialogs and failed requests of a page.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// The policy a city is told to send (examples/_headers): no inline script
// or style, no eval. Read from that file so the example is what is tested.
export const CSP = fs.readFileSync(path.join(repo, 'examples/_headers'), 'utf8')
  .match(/^\s*Content-Security-Policy:\s*(.+)$/m)[1].trim();
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.csv': 'text/csv' };

const hasPlaywright = await import('playwright-core').then(() => true, () => false);
const hasAxe = fs.existsSync(path.join(repo, 'node_modules/axe-core/axe.min.js'));

/** Why the browser tests cannot run here ('' when they can). */
export const missing = [
  !fs.existsSync(CHROMIUM) && `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`,
  !hasPlaywright && 'playwright-core not installed (npm ci)',
  !hasAxe && 'axe-core not installed (npm ci)',
].filter(Boolean).join('; ');
/** node:test's `skip` option: skip locally, never under CI=true. */
export const skip = missing && process.env.CI !== 'true' ? missing : false;

export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Serves `dir` on 127.0.0.1, under the strict CSP unless `csp` is false (the
 * XSS test must see what an injection would do without that safety net);
 * resolves to the server and its base URL. */
export function serve(dir, { csp = true } = {}) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) file = dir; // no way out of the site
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const found = fs.existsSync(file);
    if (!found) file = path.join(dir, '404.html'); // what a static host does
    const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' };
    if (csp) headers['Content-Security-Policy'] = CSP;
    response.writeHead(found ? 200 : 404, headers);
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1',
    () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` })));
}

/** Collects what must never happen on a page: script errors, CSP violations
 * (reported on the console), dialogs (alert/confirm/prompt, dismissed) and
 * failed requests. The favicon chromium asks every host for is no page's. */
export function watch(page, { expectNotFound = false } = {}) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('dialog', (dialog) => {
    problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  // A favicon still loading when the page navigates away is cancelled: no fault.
  page.on('requestfailed', (request) => {
    if (!/\/assets\/favicon\.(svg|png)$/.test(request.url())) problems.push(`failed: ${request.url()}`);
  });
  page.on('response', (response) => {
    const notFoundPage = expectNotFound && response.request().isNavigationRequest();
    if (response.status() >= 400 && !notFoundPage && !response.url().endsWith('/favicon.ico')) {
      problems.push(`${response.status()}: ${response.url()}`);
    }
  });
  return problems;
}

/** The built site the environment variable `env` names (tests/a11y.rs sets them). */
export function siteFrom(env) {
  const dir = process.env[env];
  if (!dir) throw new Error(`${env} must name a built site (tests/a11y.rs sets it)`);
  return path.resolve(dir);
}
