// Loads the search engine a built site ships (assets/search-engine.js) into
// a fresh Node vm context, with index files read from the site's directory,
// exactly as the browser runs them (each file pushes onto a global).
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

export function loadEngine(siteDir) {
  const context = vm.createContext({});
  context.self = context;
  const run = (file) => vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
  run(path.join(siteDir, 'assets', 'search-engine.js'));
  const api = context.ShinchokuSearchEngine;
  const loaded = [];
  const engine = api.createEngine({
    baseUrl: 'search/index/',
    loadScript: async (url) => {
      const relative = url.split('?')[0];
      loaded.push(relative);
      run(path.join(siteDir, relative));
    },
  });
  return { api, engine, loaded };
}

/** Titles of every result of `query`, best first. */
export async function resultTitles(engine, query) {
  const { results } = await engine.search(query);
  const titles = [];
  for (const result of results) titles.push((await engine.present(result)).title);
  return titles;
}
