#!/usr/bin/env node
// Runs every query of a TSV file (query in the first column; `#` lines
// skipped) through the search engine a built site ships, and prints
// [{"query": q, "results": [title, ...]}, ...], best first: the input of
// /work/shared/search-eval/score.py.
//
//   node tests/search/query.mjs --site public --queries queries.tsv [--timing]
//
// --timing prints to stderr the median and 95th percentile time of a query:
// "warm" once the index files it needs are loaded and decoded (each query
// run 21 times), "cold" on a fresh engine (reading the manifest and chunk
// files from disk, running and decoding them, as a first query does).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadEngine, resultTitles } from './engine.mjs';

const { values } = parseArgs({
  options: { site: { type: 'string' }, queries: { type: 'string' }, timing: { type: 'boolean' } },
});
if (!values.site || !values.queries) {
  console.error('usage: node tests/search/query.mjs --site DIR --queries FILE.tsv [--timing]');
  process.exit(2);
}

const queries = fs.readFileSync(values.queries, 'utf8').split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => line.split('\t')[0]);

const { engine } = loadEngine(values.site);
const output = [];
for (const query of queries) output.push({ query, results: await resultTitles(engine, query) });
console.log(JSON.stringify(output, null, 1));

async function timed(run) {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function summary(name, times) {
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3);
  return `${name}: runs=${times.length} median_ms=${at(0.5)} p95_ms=${at(0.95)}`;
}

if (values.timing) {
  const warm = [];
  const cold = [];
  for (const query of queries) {
    for (let i = 0; i < 21; i++) warm.push(await timed(() => engine.search(query)));
    const fresh = loadEngine(values.site).engine;
    cold.push(await timed(() => fresh.search(query)));
  }
  console.error(`queries=${queries.length}; ${summary('warm', warm)}; ${summary('cold', cold)}`);
}
