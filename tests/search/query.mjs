#!/usr/bin/env node
// Runs every query of a TSV file (query in the first column; `#` lines
// skipped) through the search engine a built site ships, and prints
// [{"query": q, "results": [title, ...]}, ...], best first: the input of
// /work/shared/search-eval/score.py.
//
//   node tests/search/query.mjs --site public --queries queries.tsv [--timing]
//
// --timing prints to stderr the median and 95th percentile time of a query
// once the index files it needs are loaded (each query is run 21 times).
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

if (values.timing) {
  const times = [];
  for (const query of queries) {
    for (let i = 0; i < 21; i++) {
      const start = performance.now();
      await engine.search(query);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3);
  console.error(`queries=${queries.length} runs=${times.length} median_ms=${at(0.5)} p95_ms=${at(0.95)}`);
}
