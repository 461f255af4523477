// The index format's constants in the engine, against the fixture the Rust
// writer is tested with too (src/search/format.rs): the engine's files are
// read as text, as they ship, since the constants live inside their closures.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { repo } from './engine.mjs';

const format = JSON.parse(fs.readFileSync(path.join(repo, 'tests/search/index-format.json'), 'utf8'));
const source = (file) => fs.readFileSync(path.join(repo, 'themes/default/static', file), 'utf8');
const engine = source('search-engine.js');

/** The value of `const NAME = value;` in `text`. */
function constant(text, name) {
  const found = text.match(new RegExp(`const ${name} = ([^;]+);`));
  assert.ok(found, name);
  return Function(`"use strict"; return (${found[1]});`)();
}

test('the engine reads the index with the shared constants', () => {
  assert.equal(constant(engine, 'FORMAT_VERSION'), format.formatVersion);
  assert.equal(constant(engine, 'QUEUE'), format.queue);
  assert.equal(constant(engine, 'DIGITS'), format.digits);
  assert.equal(constant(engine, 'EDGE_BEFORE'), format.edgeBefore);
  assert.equal(constant(engine, 'EDGE_AFTER'), format.edgeAfter);
  assert.equal(constant(engine, 'LENGTH_FOLLOWS'), format.lengthFollows);
  assert.equal(constant(engine, 'FLAG_BITS'), format.flagBits);
  assert.equal(constant(engine, 'classOf')(0b1110), 0b1110 >> format.classShift);
  assert.equal(constant(engine, 'MAX_READING_SPAN'), format.maxReadingSpan);
});

test('the engine places keys in the chunks the writer put them in', () => {
  const body = engine.match(/function chunkOf\(key, bits\) \{[\s\S]*?\n  \}/);
  assert.ok(body, 'chunkOf is found');
  const chunkOf = Function(`"use strict"; return (${body[0]});`)();
  for (const { key, bits, chunk } of format.chunks) assert.equal(chunkOf(key, bits), chunk, key);
});

test('no ES2021+ syntax or API (iOS Safari 14, Chrome 87)', () => {
  const forbidden = [/\?\?=/, /\|\|=/, /&&=/, /\.at\(/, /replaceAll\(/, /Object\.hasOwn\(/, /\(\?<[=!]/,
    /structuredClone/, /findLast/, /\d_\d/];
  for (const file of ['search-text.js', 'search-engine.js', 'search-forgive.js']) {
    const text = source(file);
    for (const pattern of forbidden) assert.ok(!pattern.test(text), `${file}: ${pattern}`);
  }
});
