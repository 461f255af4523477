// Helpers of the search tests: the engine a built site ships, loaded into a
// fresh Node vm context with index files read from the site's directory,
// exactly as the browser runs them (each file pushes onto a global); and
// the test site built with the real CLI.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs script files in a new context; returns the context (its `self`). */
export function scriptContext(...files) {
  const context = vm.createContext({});
  context.self = context;
  for (const file of files) vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
  return context;
}

/** The engine's two files, in the order the browser runs them. */
// Titles of measures of tests/search/site/ the engine tests look for.
export const GATEKEEPER = 'ゲートキーパー養成研修会';
export const FAMILIES = '依存症家族教室';
export const CARE = '地域包括ケアシステムの推進';
export const PHONE = '熊本こころの電話相談';
export const DV = 'DV・デートDV防止啓発';

export const ENGINE_FILES = ['search-text.js', 'search-engine.js'];

export function loadEngine(siteDir) {
  const context = scriptContext(...ENGINE_FILES.map((file) => path.join(siteDir, 'assets', file)));
  const loaded = [];
  const engine = context.ShinchokuSearchEngine.createEngine({
    baseUrl: 'search/index/',
    loadScript: async (url) => {
      const file = url.split('?')[0];
      loaded.push(file);
      vm.runInContext(fs.readFileSync(path.join(siteDir, file), 'utf8'), context, { filename: file });
    },
  });
  return { engine, loaded };
}

/** What `engine.search(query)` answers, as plain data of this realm (the
 * engine's arrays are its context's). */
export async function plainSearch(engine, query) {
  return JSON.parse(JSON.stringify(await engine.search(query)));
}

/** Titles of every result of `query`, best first. */
export async function resultTitles(engine, query) {
  const { results } = await engine.search(query);
  const titles = [];
  for (const result of results) titles.push((await engine.present(result)).title);
  return titles;
}

/** The site to test: $SEARCH_SITE if set (a site already built), else
 * tests/search/site/ built now with `cargo run -- build` into a temp dir. */
export function testSite() {
  if (process.env.SEARCH_SITE) return path.resolve(process.env.SEARCH_SITE);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-search-'));
  process.on('exit', () => fs.rmSync(out, { recursive: true, force: true }));
  execFileSync('cargo', ['run', '--quiet', '--', 'build', '--root', path.join(repo, 'tests/search/site'), '--out', out],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}
