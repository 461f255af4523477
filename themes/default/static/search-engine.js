/* shinchoku search engine: query normalisation, index loading, matching,
 * ranking and snippets. No dependencies and no DOM, so the same file runs in
 * the browser (search.js loads it on first use) and in Node
 * (tests/search/query.mjs). The index format is written by src/search/. */
(function (global) {
  'use strict';

  // ---- Normalisation (specification: src/search/normalize.rs) ----

  const WHITESPACE = '\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005' +
    '\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
  const WHITESPACE_RUNS = new RegExp('[' + WHITESPACE + ']+', 'u');
  // Marks that NFKC composes with the character before them (ｶﾞ → ガ).
  const COMBINING = /[\p{M}\uff9e\uff9f]/u;
  const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

  const isWhitespace = (c) => WHITESPACE.includes(c);
  const isAscii = (c) => c < '\u0080';

  /** Steps 2 and 3: lower case, katakana → hiragana, for one code point. */
  function fold(c, out) {
    for (const lower of c.toLowerCase()) {
      const cp = lower.codePointAt(0);
      out.push(cp >= 0x30a1 && cp <= 0x30f6 ? String.fromCharCode(cp - 0x60) : lower);
    }
  }

  /** The normalised text as code points, with the range of `text` (UTF-16
   * indices) each came from, for highlighting. NFKC is applied to each
   * character with its combining marks. */
  function normalizeMapped(text) {
    text = String(text).replace(LONE_SURROGATE, '\ufffd');
    const chars = [];
    const starts = [];
    const ends = [];
    let spaceStart = -1;
    let i = 0;
    while (i < text.length) {
      const start = i;
      i += text.codePointAt(i) > 0xffff ? 2 : 1;
      while (i < text.length && COMBINING.test(String.fromCodePoint(text.codePointAt(i)))) {
        i += text.codePointAt(i) > 0xffff ? 2 : 1;
      }
      const folded = [];
      for (const c of text.slice(start, i).normalize('NFKC')) {
        if (isWhitespace(c)) {
          if (spaceStart < 0) spaceStart = start;
        } else {
          folded.length = 0;
          fold(c, folded);
          for (const f of folded) {
            if (spaceStart >= 0) {
              const previous = chars[chars.length - 1];
              if (previous !== undefined && (isAscii(previous) || isAscii(f))) {
                chars.push(' ');
                starts.push(spaceStart);
                ends.push(start);
              }
              spaceStart = -1;
            }
            chars.push(f);
            starts.push(start);
            ends.push(i);
          }
        }
      }
    }
    return { chars, starts, ends };
  }

  const normalize = (text) => normalizeMapped(text).chars.join('');

  /** Longest query the engine reads, in UTF-16 units, and most terms. */
  const MAX_QUERY_LENGTH = 256;
  const MAX_TERMS = 8;

  /** The raw parts of a query that hold a term (split at whitespace). */
  const rawTerms = (query) => String(query).replace(LONE_SURROGATE, '\ufffd').split(WHITESPACE_RUNS)
    .filter((part) => normalize(part).length > 0);

  const queryTerms = (query) => rawTerms(query).map(normalize);

  // ---- Particles and script changes inside a term ----

  // Particles (longest first, so that a run ending in one is peeled right).
  const PARTICLES = ['における', 'について', 'によって', 'による', 'として', 'および',
    'から', 'まで', 'より', 'など', 'での', 'への', 'との', 'には', 'では', 'にも', 'とも',
    'の', 'が', 'を', 'に', 'へ', 'と', 'で', 'や', 'は', 'も'];

  function scriptOf(c) {
    if (/[a-z0-9]/.test(c)) return 'latin';
    if (/[\u3041-\u309f]/.test(c)) return 'hiragana';
    if (/[\u30a0-\u30ff]/.test(c)) return 'katakana';
    if (/[\p{Script=Han}\u3005\u3006]/u.test(c)) return 'kanji';
    return 'other';
  }

  /** A term as typed, in runs of one script each; read before katakana are
   * folded, so that マイノリティの理解 still shows where の is. */
  function scriptRuns(raw) {
    const runs = [];
    for (const c of raw.normalize('NFKC').toLowerCase()) {
      const script = scriptOf(c);
      const last = runs[runs.length - 1];
      if (last && last.script === script) last.text += c;
      else runs.push({ script, text: c });
    }
    return runs;
  }

  const isParticle = (run) => run.script === 'hiragana' && PARTICLES.includes(run.text);
  const joined = (runs) => normalize(runs.map((r) => r.text).join(''));

  /** How a term is looked up (`raw` is the term as typed):
   * - `phrase`: the term without particles at either end (の家族 → 家族);
   * - `parts`: for a term with a particle between words, the words, also
   *   accepted when they are apart (講演会の開催 → 講演会, 開催; 悩みの相談 →
   *   悩み, 相談: kana after kanji stay with it, a particle at their end goes);
   * - `fallback`: the words of a term that matches nothing as a whole, split
   *   where the script changes too (ＤＶ相談 → dv, 相談). */
  function termPlan(raw) {
    const runs = scriptRuns(raw);
    while (runs.length > 1 && isParticle(runs[0])) runs.shift();
    while (runs.length > 1 && isParticle(runs[runs.length - 1])) runs.pop();
    return { phrase: joined(runs), parts: words(runs, false), fallback: words(runs, true) };
  }

  /** Words of `runs` split at particles; `atScripts`: at every change of
   * script too. Fewer than two words: null. */
  function words(runs, atScripts) {
    const found = [[]];
    runs.forEach((run, i) => {
      const current = found[found.length - 1];
      const previous = runs[i - 1];
      const next = runs[i + 1];
      if (run.script === 'other') {
        if (atScripts && current.length) found.push([]);
        return;
      }
      if (run.script === 'hiragana' && previous && previous.script !== 'hiragana') {
        const particle = PARTICLES.find((p) => run.text.endsWith(p));
        const betweenWords = next && next.script !== 'hiragana';
        if (particle && (betweenWords || atScripts) && (run.text === particle || previous.script === 'kanji')) {
          const kept = run.text.slice(0, run.text.length - particle.length);
          if (kept) current.push({ script: run.script, text: kept });
          found.push([]);
          return;
        }
      }
      const startsWord = atScripts && current.length && !(run.script === 'hiragana' && previous.script === 'kanji');
      if (startsWord) found.push([run]);
      else current.push(run);
    });
    const texts = found.filter((w) => w.length).map(joined).filter((w) => w.length > 0);
    return texts.length >= 2 ? texts : null;
  }

  // ---- Index format (written by src/search/chunks.rs and index.rs) ----

  const QUEUE = 'shinchokuSearchIndex';
  const FORMAT_VERSION = 1;
  const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  const DIGIT_VALUES = new Map([...DIGITS].map((d, i) => [d.charCodeAt(0), i]));
  const EDGE_BEFORE = 1;
  const EDGE_INSIDE = 2;
  const EDGE_AFTER = 4;
  const CLASS_COUNT = 4; // title, meta, prose, achievement

  function decodeNumbers(text) {
    const numbers = [];
    let value = 0;
    let scale = 1;
    for (let i = 0; i < text.length; i++) {
      const digit = DIGIT_VALUES.get(text.charCodeAt(i)) || 0;
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

  /** Postings → Map(document → Map(position → flags)). */
  function decodePostings(text) {
    const numbers = decodeNumbers(text);
    const byDocument = new Map();
    let document = 0;
    for (let i = 0; i < numbers.length;) {
      document += numbers[i++];
      const count = numbers[i++];
      const positions = new Map();
      let position = 0;
      for (let k = 0; k < count; k++) {
        const value = numbers[i++];
        position += Math.floor(value / 8);
        positions.set(position, value & 7);
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
  const K1 = 1.2;
  const B = 0.75;
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
      const numbers = decodeNumbers(m.documents);
      const classes = [];
      for (let d = 0; d < m.documentCount; d++) {
        const n = numbers.slice(d * 8, d * 8 + 8);
        classes.push({ written: [0, n[0], n[1], n[2], n[3]], reading: [0, n[4], n[5], n[6], n[7]] });
      }
      const averages = { written: [], reading: [] };
      for (const form of ['written', 'reading']) {
        for (let c = 0; c < CLASS_COUNT; c++) {
          const total = classes.reduce((sum, d) => sum + d[form][c + 1] - d[form][c], 0);
          averages[form].push(Math.max(1, total / Math.max(1, classes.length)));
        }
      }
      manifest = { ...m, classes, averages };
      return manifest;
    }

    const loadChunks = (keys) => Promise.all([...new Set(keys.map((k) => chunkOf(k, manifest.chunkBits)))]
      .map((n) => load('b/' + n + '.js', () => received.chunks.has(n))));

    function postings(kind, key) {
      const id = kind + '\u0000' + key;
      if (!decoded.has(id)) {
        const chunk = received.chunks.get(chunkOf(key, manifest.chunkBits));
        const text = chunk && chunk[kind] && Object.prototype.hasOwnProperty.call(chunk[kind], key) ? chunk[kind][key] : null;
        decoded.set(id, text === null ? new Map() : decodePostings(text));
      }
      return decoded.get(id);
    }

    function classOf(document, form, position) {
      const starts = manifest.classes[document][form];
      let c = 0;
      while (c < CLASS_COUNT - 1 && position >= starts[c + 1]) c++;
      return c;
    }

    /** Every occurrence of a term: Map(document → [{form, start, length, whole}]). */
    function occurrences(chars) {
      const found = new Map();
      for (const { form, kind, keys } of lookups(chars)) {
        const lists = keys.map(({ key }) => postings(kind, key));
        const rarest = lists.reduce((a, b) => (b.size < a.size ? b : a));
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
            found.get(document).push({ form, start, length: chars.length, whole: startsToken && endsToken });
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

    /** A term's matches (see termPlan): Map(document → {occurrences, split}),
     * `split` when only the term's words were found, not the term. */
    async function matchTerm(raw) {
      const plan = termPlan(raw);
      const byDocument = new Map();
      const add = (found, split) => found.forEach((occurrences, document) => {
        if (!byDocument.has(document)) byDocument.set(document, { occurrences, split });
      });
      add(await allOf([plan.phrase]), false);
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
          const c = classOf(document, o.form, o.start);
          const starts = manifest.classes[document][o.form];
          const length = Math.max(1, starts[c + 1] - starts[c]);
          const norm = 1 - B + B * length / manifest.averages[o.form][c];
          weighted += CLASS_WEIGHTS[c] / norm * (o.whole ? 1 : PARTIAL_WEIGHT) *
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
      const raw = rawTerms(String(query).slice(0, MAX_QUERY_LENGTH)).slice(0, MAX_TERMS);
      const terms = raw.map(normalize);
      if (terms.length === 0) return { terms, results: [] };
      const matches = await Promise.all(raw.map(matchTerm));
      const [first, ...rest] = matches;
      const documents = [...first.keys()].filter((d) => rest.every((m) => m.has(d)));
      return { terms, results: documents.map((d) => rank(d, matches)).sort(compareResults) };
    }

    /** What a result shows: the document's data, its title and a snippet as
     * `{text, mark}` pieces with the matches marked. */
    async function present(result) {
      const m = await ready();
      const n = result.document;
      await load('d/' + n + '.js', () => received.documents.has(n));
      const doc = received.documents.get(n);
      const fields = [];
      let written = 0;
      for (const [label, text] of doc.fields) {
        const mapped = normalizeMapped(text);
        fields.push({ label: m.labels[label], text, mapped, start: written, ranges: [] });
        written += mapped.chars.length + 1; // the field separator
      }
      const toWritten = readingToWritten(decodeNumbers(doc.alignment));
      for (const o of result.occurrences) {
        const [start, end] = o.form === 'written' ? [o.start, o.start + o.length] : toWritten(o.start, o.length);
        const field = fields.find((f) => start >= f.start && start < f.start + f.mapped.chars.length);
        if (!field) continue;
        const s = start - field.start;
        const e = Math.min(end - field.start, field.mapped.chars.length) - 1;
        if (e >= s) field.ranges.push([field.mapped.starts[s], field.mapped.ends[e]]);
      }
      const [titleField, ...others] = fields;
      const shown = others.find((f) => f.ranges.length > 0) || others[0];
      return {
        url: doc.url,
        title: doc.title,
        titlePieces: titleField ? titlePieces(doc, titleField) : [{ text: doc.title, mark: false }],
        isNew: doc.new,
        policy: { number: doc.policy, title: m.policies[doc.policy] || '' },
        departments: doc.departments,
        grades: doc.grades.map(([year, key, label]) => ({ year, key, label })),
        snippet: shown ? snippetOf(shown) : null,
      };
    }

    return { ready, search, present };
  }

  /** The title field may start with the 《新規》 mark the title itself lacks. */
  function titlePieces(doc, field) {
    const offset = field.text.length - doc.title.length;
    const ranges = field.ranges.map(([s, e]) => [s - offset, e - offset]);
    return pieces(doc.title, ranges, 0, doc.title.length);
  }

  function snippetOf(field) {
    const first = field.ranges.length ? Math.min(...field.ranges.map((r) => r[0])) : 0;
    const from = Math.max(0, first - SNIPPET_BEFORE);
    const to = Math.min(field.text.length, from + SNIPPET_LENGTH);
    return {
      label: field.label,
      cutBefore: from > 0,
      cutAfter: to < field.text.length,
      pieces: pieces(field.text, field.ranges, from, to),
    };
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

  global.ShinchokuSearchEngine = { normalize, normalizeMapped, queryTerms, termPlan, createEngine };
})(typeof self !== 'undefined' ? self : globalThis);
