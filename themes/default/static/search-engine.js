/* shinchoku search engine: index loading, matching, ranking and snippets,
 * over the text functions of search-text.js (loaded first). No dependencies
 * and no DOM, so the same files run in the browser (search.js loads them on
 * first use) and in Node (tests/search/query.mjs). The index format is
 * written by src/search/. */
(function (global) {
  'use strict';

  const { normalize, normalizeMapped, rawTerms, termPlan } = global.ShinchokuSearchText;

  /** The most of a query the engine reads: UTF-16 units, terms, and code
   * points of a term (a longer one is looked up by its beginning). */
  const MAX_QUERY_LENGTH = 256;
  const MAX_TERMS = 8;
  const MAX_TERM_LENGTH = 64;

  // ---- Index format (written by src/search/chunks.rs and index.rs) ----

  const QUEUE = 'shinchokuSearchIndex';
  const FORMAT_VERSION = 4;
  const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  // Digit value by character code (an array: decoding is the hot loop of a first query).
  const DIGIT_VALUES = new Uint8Array(128);
  [...DIGITS].forEach((d, i) => { DIGIT_VALUES[d.charCodeAt(0)] = i; });
  const EDGE_BEFORE = 1;
  const EDGE_INSIDE = 2;
  const EDGE_AFTER = 4;
  // An occurrence's flags also hold the field class it starts in.
  const classOf = (flags) => flags >> 3;

  function decodeNumbers(text) {
    const numbers = [];
    let value = 0;
    let scale = 1;
    for (let i = 0; i < text.length; i++) {
      const digit = DIGIT_VALUES[text.charCodeAt(i)] || 0;
      value += (digit & 31) * scale;
      if (digit & 32) {
        scale *= 32;
      } else {
        numbers.push(value);
        value = 0;
        scale = 1;
      }
    }
    return numbers;
  }

  /** Postings → Map(document → Map(position → flags)); with `only` (a
   * Map or Set of documents), just those documents': a common key's long
   * list is then scanned, not turned into thousands of maps. */
  function decodePostings(text, only = null) {
    const numbers = decodeNumbers(text);
    const byDocument = new Map();
    let document = 0;
    for (let i = 0; i < numbers.length;) {
      document += numbers[i++];
      const count = numbers[i++];
      if (only && !only.has(document)) {
        i += count;
        continue;
      }
      const positions = new Map();
      let position = 0;
      for (let k = 0; k < count; k++) {
        const value = numbers[i++];
        position += Math.floor(value / 32);
        positions.set(position, value & 31);
      }
      byDocument.set(document, positions);
    }
    return byDocument;
  }

  function chunkOf(key, bits) {
    if (bits === 0) return 0;
    let hash = 0x811c9dc5;
    for (const c of key) hash = Math.imul(hash ^ c.codePointAt(0), 0x01000193);
    return Math.imul(hash, 0x9e3779b1) >>> (32 - bits);
  }

  // ---- Matching ----

  const isKanaTerm = (chars) => chars.length >= 2 && chars.every((c) => /[\u3041-\u309f\u30fc]/.test(c));

  /** The keys that cover a term: its character, or every other pair plus
   * the last pair (their positions must line up). */
  function coveringKeys(chars) {
    if (chars.length === 1) return [{ key: chars[0], offset: 0 }];
    const keys = [];
    for (let i = 0; i < chars.length - 1; i += 2) keys.push({ key: chars[i] + chars[i + 1], offset: i });
    const last = chars.length - 2;
    if (keys[keys.length - 1].offset !== last) keys.push({ key: chars[last] + chars[last + 1], offset: last });
    return keys;
  }

  /** Whether a token edge lies strictly inside a term, from the flags of its
   * covering keys (together they tell the edge at every position). */
  function hasInnerEdge(keys, flags, length) {
    return keys.some(({ offset }, i) => (flags[i] & EDGE_INSIDE) !== 0 ||
      (offset > 0 && (flags[i] & EDGE_BEFORE) !== 0) || (offset + 2 < length && (flags[i] & EDGE_AFTER) !== 0));
  }

  /** Where a term may be looked up: the written text, and the reading text
   * for kana terms. Each lookup is a kind of postings and its keys. */
  function lookups(chars) {
    const written = { form: 'written', kind: chars.length === 1 ? 'unigrams' : 'written', keys: coveringKeys(chars) };
    return isKanaTerm(chars) ? [written, { form: 'reading', kind: 'reading', keys: coveringKeys(chars) }] : [written];
  }

  // ---- Ranking ----

  // Field class weights: a match in the title counts most.
  const CLASS_WEIGHTS = [6, 3, 1, 0.5];
  // BM25 without length normalisation: measures are alike in shape, and
  // field lengths would cost every query a file of offsets per 512 documents.
  const K1 = 1.2;
  // A match inside a word, a reading match or a match of a split term
  // counts less than a whole word written as typed.
  const PARTIAL_WEIGHT = 0.7;
  const READING_WEIGHT = 0.9;
  const SPLIT_WEIGHT = 0.6;

  function compareResults(a, b) {
    return b.titleTerms - a.titleTerms || b.phrase - a.phrase || b.wholeTerms - a.wholeTerms ||
      b.score - a.score || a.document - b.document;
  }

  // ---- Snippets ----

  const SNIPPET_BEFORE = 24;
  const SNIPPET_LENGTH = 90;

  /** Text cut into `{text, mark}` pieces, marking `ranges` ([start, end) in
   * UTF-16 indices of `text`), between `from` and `to`. */
  function pieces(text, ranges, from, to) {
    const out = [];
    let at = from;
    const sorted = ranges.filter(([s, e]) => e > from && s < to).sort((x, y) => x[0] - y[0]);
    for (const [start, end] of sorted) {
      const s = Math.max(start, at);
      const e = Math.min(end, to);
      if (e <= s) continue;
      if (s > at) out.push({ text: text.slice(at, s), mark: false });
      out.push({ text: text.slice(s, e), mark: true });
      at = e;
    }
    if (at < to) out.push({ text: text.slice(at, to), mark: false });
    return out;
  }

  // ---- The engine ----

  /**
   * createEngine({ baseUrl, loadScript }): `baseUrl` is the site's
   * `search/index/` directory; `loadScript(url)` runs a script file and
   * resolves once it has run (a `<script>` element in the browser, the vm
   * module in Node). Index files push their data onto `self.shinchokuSearchIndex`.
   */
  function createEngine({ baseUrl, loadScript }) {
    const received = { manifest: null, chunks: new Map(), documents: new Map() };
    const loading = new Map();
    const decoded = new Map();

    function receive(data) {
      if (data && typeof data === 'object') {
        if ('version' in data) received.manifest = data;
        else if ('chunk' in data) received.chunks.set(data.chunk, data);
        else if ('document' in data) received.documents.set(data.document, data);
      }
    }
    const queue = global[QUEUE];
    if (Array.isArray(queue)) queue.forEach(receive);
    global[QUEUE] = { push: receive };

    function load(path, isLoaded) {
      if (isLoaded()) return Promise.resolve();
      if (!loading.has(path)) {
        const token = received.manifest ? '?v=' + received.manifest.token : '';
        loading.set(path, Promise.resolve(loadScript(baseUrl + path + token)).then(() => {
          if (!isLoaded()) throw new Error('search index file did not load: ' + path);
        }).finally(() => loading.delete(path)));
      }
      return loading.get(path);
    }

    let manifest = null;
    async function ready() {
      if (manifest) return manifest;
      await load('manifest.js', () => received.manifest !== null);
      const m = received.manifest;
      if (m.version !== FORMAT_VERSION) throw new Error('unsupported search index version ' + m.version);
      manifest = m;
      return manifest;
    }

    const loadChunks = (keys) => Promise.all([...new Set(keys.map((k) => chunkOf(k, manifest.chunkBits)))]
      .map((n) => load('b/' + n + '.js', () => received.chunks.has(n))));

    /** A key's postings as stored ('' when no document has it). */
    function encoded(kind, key) {
      const chunk = received.chunks.get(chunkOf(key, manifest.chunkBits));
      return chunk && chunk[kind] && Object.prototype.hasOwnProperty.call(chunk[kind], key) ? chunk[kind][key] : '';
    }

    /** A key's postings, decoded once and kept; with `lead` (a key of the
     * same kind), just the documents that key has, kept for that pair. */
    function postings(kind, key, lead = null) {
      const id = kind + '\u0000' + key;
      if (decoded.has(id)) return decoded.get(id);
      if (lead === null) {
        decoded.set(id, decodePostings(encoded(kind, key)));
        return decoded.get(id);
      }
      const pair = id + '\u0000' + lead;
      if (!decoded.has(pair)) decoded.set(pair, decodePostings(encoded(kind, key), postings(kind, lead)));
      return decoded.get(pair);
    }

    /** Every occurrence of a term: Map(document → [{form, start, length, whole}]). */
    function occurrences(chars) {
      const found = new Map();
      for (const { form, kind, keys } of lookups(chars)) {
        // The shortest list leads; the others are read only for its documents.
        const sizes = keys.map(({ key }) => encoded(kind, key).length);
        const lead = sizes.indexOf(Math.min(...sizes));
        const rarest = postings(kind, keys[lead].key);
        const lists = keys.map(({ key }, i) => (i === lead ? rarest : postings(kind, key, keys[lead].key)));
        for (const document of rarest.keys()) {
          const inDocument = lists.map((list) => list.get(document));
          if (inDocument.some((p) => p === undefined)) continue;
          for (const start of inDocument[0].keys()) {
            const flags = keys.map(({ offset }, i) => inDocument[i].get(start + offset));
            if (flags.some((f) => f === undefined)) continue;
            const startsToken = (flags[0] & EDGE_BEFORE) !== 0;
            const endsToken = (flags[flags.length - 1] & EDGE_AFTER) !== 0;
            // A reading starts where a token does and ends where one does,
            // or ends inside one after whole tokens: いぞんしょう is 依存|症,
            // くまもとし is in 熊本|市電, but かい is not in 改善 (かいぜん).
            if (form === 'reading' && !(startsToken && (endsToken || hasInnerEdge(keys, flags, chars.length)))) continue;
            if (!found.has(document)) found.set(document, []);
            found.get(document).push({ form, start, length: chars.length, whole: startsToken && endsToken, field: classOf(flags[0]) });
          }
        }
      }
      return found;
    }

    const keysOf = (terms) => terms.flatMap((t) => lookups([...t]).flatMap((l) => l.keys.map((k) => k.key)));

    /** Documents where every one of `terms` occurs, with all their occurrences. */
    async function allOf(terms) {
      await loadChunks(keysOf(terms));
      const each = terms.map((t) => occurrences([...t]));
      const both = new Map();
      for (const document of each[0].keys()) {
        if (each.every((m) => m.has(document))) both.set(document, each.flatMap((m) => m.get(document)));
      }
      return both;
    }

    /** Documents where `words` occur one after the other, a space apart at
     * most, with each such run as one occurrence. */
    async function inSequence(words) {
      await loadChunks(keysOf(words));
      const each = words.map((w) => occurrences([...w]));
      const found = new Map();
      for (const [document, firsts] of each[0]) {
        for (const first of firsts.filter((o) => o.form === 'written')) {
          let last = first;
          for (let i = 1; i < words.length && last; i++) {
            const end = last.start + last.length;
            last = (each[i].get(document) || []).find((o) => o.form === 'written' && (o.start === end || o.start === end + 1));
          }
          if (!last) continue;
          if (!found.has(document)) found.set(document, []);
          found.get(document).push({ form: 'written', start: first.start, length: last.start + last.length - first.start, whole: first.whole && last.whole, field: first.field });
        }
      }
      return found;
    }

    /** A term's matches (see termPlan): Map(document → {occurrences, split}),
     * `split` when only the term's words were found, not the term. */
    async function matchTerm(raw) {
      const plan = termPlan(raw);
      await loadChunks(keysOf([plan.phrase, ...(plan.glued || []), ...(plan.parts || [])])); // at once
      const byDocument = new Map();
      const add = (found, split) => found.forEach((occurrences, document) => {
        if (!byDocument.has(document)) byDocument.set(document, { occurrences, split });
      });
      add(await allOf([plan.phrase]), false);
      if (plan.glued) add(await inSequence(plan.glued), false);
      if (plan.parts) add(await allOf(plan.parts), true);
      if (byDocument.size === 0 && plan.fallback) add(await allOf(plan.fallback), true);
      return byDocument;
    }

    function rank(document, matches) {
      const count = manifest.documentCount;
      const result = { document, titleTerms: 0, phrase: 0, wholeTerms: 0, score: 0, occurrences: [] };
      matches.forEach((byDocument, t) => {
        const { occurrences: found, split } = byDocument.get(document);
        const idf = Math.log(1 + (count - byDocument.size + 0.5) / (byDocument.size + 0.5));
        let weighted = 0;
        let inTitle = false;
        let whole = false;
        for (const o of found) {
          const c = o.field;
          weighted += CLASS_WEIGHTS[c] * (o.whole ? 1 : PARTIAL_WEIGHT) *
            (o.form === 'reading' ? READING_WEIGHT : 1) * (split ? SPLIT_WEIGHT : 1);
          inTitle = inTitle || c === 0;
          whole = whole || o.whole;
          result.occurrences.push({ ...o, term: t });
        }
        result.score += idf * weighted * (K1 + 1) / (weighted + K1);
        result.titleTerms += inTitle ? 1 : 0;
        result.wholeTerms += whole ? 1 : 0;
        result.phrase += split ? 0 : 1;
      });
      // Terms typed next to each other and found next to each other.
      for (let t = 1; t < matches.length; t++) {
        const ends = new Set(result.occurrences.filter((o) => o.term === t - 1 && o.form === 'written')
          .flatMap((o) => [o.start + o.length, o.start + o.length + 1]));
        if (result.occurrences.some((o) => o.term === t && o.form === 'written' && ends.has(o.start))) result.phrase++;
      }
      return result;
    }

    /** Ranked results of a query, best first: [{document, titleTerms,
     * phrase, wholeTerms, score, occurrences}]. Never throws for any text. */
    async function search(query) {
      await ready();
      const raw = rawTerms(String(query).slice(0, MAX_QUERY_LENGTH)).slice(0, MAX_TERMS)
        .map((term) => [...term].slice(0, MAX_TERM_LENGTH).join(''));
      const terms = raw.map(normalize);
      if (terms.length === 0) return { terms, results: [] };
      const matches = await Promise.all(raw.map(matchTerm));
      const [first, ...rest] = matches;
      const documents = [...first.keys()].filter((d) => rest.every((m) => m.has(d)));
      return { terms, results: documents.map((d) => rank(d, matches)).sort(compareResults) };
    }

    /** What a result shows: its card's data, its title and a snippet as
     * `{text, mark}` pieces with the matches marked. Loads the card, which
     * holds the text of the field the snippet comes from: the first with a
     * match, else the first of the prose (the status). */
    async function present(result) {
      const m = await ready();
      const n = result.document;
      await load('d/' + n + '.js', () => received.documents.has(n));
      const card = received.documents.get(n);
      const numbers = decodeNumbers(card.fields);
      const fields = [];
      for (let k = 0; k + 2 < numbers.length; k += 3) {
        fields.push({ label: m.labels[numbers[k]], written: numbers[k + 1], reading: numbers[k + 2], found: [] });
      }
      const fieldAt = (o) => fields.findLastIndex((f) => f[o.form] <= o.start);
      for (const o of result.occurrences) fields[Math.max(0, fieldAt(o))].found.push(o);
      const proseStart = card.prose;
      const k = [fields.findIndex((f, i) => i > 0 && f.found.length > 0),
        fields.findIndex((f, i) => i > 0 && f.written >= proseStart), fields.length > 1 ? 1 : -1].find((i) => i > 0);
      let snippet = null;
      if (k !== undefined) {
        const { text, alignment } = card.texts[k - 1];
        snippet = snippetOf(fields[k].label, text, marks(text, alignment, fields[k]));
      }
      // The title field of a new measure starts with a mark its title lacks.
      const mark = card.new && card.title.text.startsWith(m.newMark) ? m.newMark.length : 0;
      const title = card.title.text.slice(mark);
      const titleMarks = marks(card.title.text, card.title.alignment, fields[0]).map(([s, e]) => [s - mark, e - mark]);
      return {
        url: card.url,
        title,
        titlePieces: pieces(title, titleMarks, 0, title.length),
        isNew: card.new,
        policy: { number: card.policy, title: m.policies[card.policy] || '' },
        departments: card.departments,
        grades: card.grades.map(([year, grade]) => ({ year: m.years[year], key: m.grades[grade][0], label: m.grades[grade][1] })),
        snippet,
      };
    }

    return { ready, search, present };
  }

  /** Ranges of `text` (UTF-16 indices) to mark: the occurrences found in
   * `field`, reading ones mapped to the written text by `alignment`. */
  function marks(text, alignment, field) {
    const mapped = normalizeMapped(text);
    const toWritten = readingToWritten(decodeNumbers(alignment));
    const ranges = [];
    for (const o of field.found) {
      const [start, end] = o.form === 'written'
        ? [o.start - field.written, o.start - field.written + o.length]
        : toWritten(o.start - field.reading, o.length);
      const last = Math.min(end, mapped.chars.length) - 1;
      if (start >= 0 && last >= start) ranges.push([mapped.starts[start], mapped.ends[last]]);
    }
    return ranges;
  }

  function snippetOf(label, text, ranges) {
    const first = ranges.length ? Math.min(...ranges.map((r) => r[0])) : 0;
    const from = Math.max(0, first - SNIPPET_BEFORE);
    const to = Math.min(text.length, from + SNIPPET_LENGTH);
    return { label, cutBefore: from > 0, cutAfter: to < text.length, pieces: pieces(text, ranges, from, to) };
  }

  /** Maps a reading-text range to the written text with the alignment
   * segments ([written length, reading length] pairs). */
  function readingToWritten(numbers) {
    return (start, length) => {
      const end = start + length;
      let w = 0;
      let r = 0;
      let writtenStart = null;
      for (let i = 0; i + 1 < numbers.length; i += 2) {
        const [dw, dr] = [numbers[i], numbers[i + 1]];
        const at = (p) => (dw === dr ? w + (p - r) : p === r ? w : w + dw);
        if (writtenStart === null && start < r + dr) writtenStart = at(start);
        if (end <= r + dr) return [writtenStart, at(end)];
        w += dw;
        r += dr;
      }
      return [writtenStart === null ? w : writtenStart, w];
    };
  }

  global.ShinchokuSearchEngine = { createEngine };
})(typeof self !== 'undefined' ? self : globalThis);
