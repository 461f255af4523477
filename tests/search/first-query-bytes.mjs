#!/usr/bin/env node
// Bytes a browser fetches for its first query on a built site: the search
// scripts and stylesheet, then exactly the index files the engine loads to
// answer the query and show its first results. Raw and gzip -9 (each file
// compressed on its own, as a server sends it).
//
//   node tests/search/first-query-bytes.mjs --site public --queries q.tsv [--shown 5]
//
// --shown: results shown (5 in the header's list, 10 on the search page).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { ENGINE_FILES, loadEngine } from './engine.mjs';

const { values } = parseArgs({
  options: { site: { type: 'string' }, queries: { type: 'string' }, shown: { type: 'string', default: '5' } },
});
if (!values.site || !values.queries) {
  console.error('usage: node tests/search/first-query-bytes.mjs --site DIR --queries FILE.tsv [--shown N]');
  process.exit(2);
}
const shown = Number(values.shown);
const SCRIPTS = ['assets/search.js', 'assets/search.css', ...ENGINE_FILES.map((file) => 'assets/' + file)];

const size = (file) => {
  const bytes = fs.readFileSync(path.join(values.site, file));
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
};
const total = (files) => files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });

const queries = fs.readFileSync(values.queries, 'utf8').split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => line.split('\t')[0]);
const scripts = total(SCRIPTS);
const rows = [];
for (const query of queries) {
  const { engine, loaded } = loadEngine(values.site); // a fresh browser each time
  const { results } = await engine.search(query);
  for (const result of results.slice(0, shown)) await engine.present(result);
  const index = total(loaded);
  rows.push({ query, files: loaded.length, raw: scripts.raw + index.raw, gzip: scripts.gzip + index.gzip });
}
rows.sort((a, b) => a.raw - b.raw);
for (const row of rows) console.log(`${row.raw}\t${row.gzip}\t${row.files}\t${row.query}`);
const pick = (q) => rows[Math.min(rows.length - 1, Math.floor(q * rows.length))];
console.log(`scripts raw=${scripts.raw} gzip=${scripts.gzip}; first query with ${shown} results shown: ` +
  `median raw=${pick(0.5).raw} gzip=${pick(0.5).gzip}; max raw=${rows[rows.length - 1].raw} gzip=${rows[rows.length - 1].gzip}`);
