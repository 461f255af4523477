/* shinchoku search engine: index loading, matching, ranking and snippets,
 * over the text functions of search-text.js (loaded first). No dependencies
 * and no DOM, so the same files run in the browser (search.js loads them on
 * first use) and in Node (tests/search/query.mjs). The index format is
 * written by src/search/. */
(function (global) {
  'use strict';

  const {
    normalize, normalizeMapped, rawTerms, termPlan, isKanaTerm,
  } = global.ShinchokuSearchText;

  /** The most of a query the engine reads: UTF-16 units, terms, and code
   * points of a term (a longer one is looked up by its beginning). */
  const MAX_QUERY_LENGTH = 256;
  const MAX_TERMS = 8;
  const MAX_TERM_LENGTH = 64;

  // ---- Index format (written by src/search/chunks.rs and index.rs) ----

  const QUEUE = 'shinchokuSearchIndex';
  const FORMAT_VERSION = 7;
  const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  // Digit value by character code (an array: decoding is the hot loop of a first query).
  const DIGIT_VALUES = new Uint8Array(128);
  [...DIGITS].forEach((d, i) => { DIGIT_VALUES[d.charCodeAt(0)] = i; });
  const EDGE_BEFORE = 1;
  const EDGE_AFTER = 2;
  // A reading span's first bit: its written length follows (else it has
  // its key's usual length, the first number of the postings).
  const LENGTH_FOLLOWS = 1;
  // An occurrence's flags also hold the field class it starts in.
  const FLAG_BITS = 4;
  const classOf = (flags) => flags >> 2;
  // The longest reading span with postings of its own (index.rs).
  const MAX_READING_SPAN = 8;

  /** The nodes from the top down to node `i` of the manifest (each
   * `[name, title, parent]`), as `{ name, title }`; at most one per node, so
   * a malformed parent cannot loop. */
  function trailOf(nodes, i) {
    const trail = [];
    for (let k = i; Number.isInteger(k) && nodes[k] && trail.length < nodes.length; k = nodes[k][2]) {
      trail.unshift({ name: nodes[k][0], title: nodes[k][1] || '' });
    }
    return trail;
  }

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

  // Kinds of postings whose occurrences also hold a length in the written text.
  const SPAN_KINDS = new Set(['reading', 'readingPartial']);

  /** Postings → Map(document → Map(position → flags)), or for a reading
   * span's, Map(position → [flags, written length]); with `only` (a Map or
   * Set of documents), just those documents': a common key's long list is
   * then scanned, not turned into thousands of maps. */
  function decodePostings(text, withLength, only = null) {
    const numbers = decodeNumbers(text);
    const byDocument = new Map();
    const usualLength = withLength ? numbers[0] : 0;
    let document = 0;
    for (let i = withLength ? 1 : 0; i < numbers.length;) {
      document += numbers[i++];
      const count = numbers[i++];
      const positions = only && !only.has(document) ? null : new Map();
      let position = 0;
      for (let k = 0; k < count; k++) {
        const value = numbers[i++];
        position += Math.floor(value / (1 << FLAG_BITS));
        const flags = value & ((1 << FLAG_BITS) - 1);
        const length = withLength && flags & LENGTH_FOLLOWS ? numbers[i++] : usualLength;
        if (positions) positions.set(position, withLength ? [flags, length] : flags);
      }
      if (positions) byDocument.set(document, positions);
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

  /** The index of the last of `fields` (each {start}) that starts at or
   * before `position`, or -1. */
  function lastFieldAt(fields, position) {
    let k = fields.length - 1;
    while (k >= 0 && fields[k].start > position) k--;
    return k;
  }

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

  /** The written text's keys of a term: its kind of postings and its keys. */
  const writtenLookup = (chars) => ({ kind: chars.length === 1 ? 'unigrams' : 'written', keys: coveringKeys(chars) });

  const writtenKeys = (chars) => {
    const { kind, keys } = writtenLookup(chars);
    return keys.map(({ key }) => ({ kind, key }));
  };

  /** The reading spans that may match a kana term from `reached` on: the
   * rest of it, if short enough, ending at a token edge or inside a token;
   * and for a term longer than a span, every span of 2 kana or more that
   * ends at a token edge and leaves 2 kana or more. [{kind, key, length}] */
  function readingPieces(chars, reached) {
    const rest = chars.length - reached;
    const piece = (kind, length) => ({ kind, key: chars.slice(reached, reached + length).join(''), length });
    const pieces = rest <= MAX_READING_SPAN ? [piece('reading', rest), piece('readingPartial', rest)] : [];
    if (chars.length > MAX_READING_SPAN) {
      for (let length = 2; length <= Math.min(MAX_READING_SPAN, rest - 2); length++) pieces.push(piece('reading', length));
    }
    return pieces;
  }

  /** Every key a term's lookups need first, as {kind, key}. */
  const termKeys = (chars) => [...writtenKeys(chars), ...(isKanaTerm(chars) ? readingPieces(chars, 0) : [])];

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

  // How a result was found, best first: a result found only through a later
  // kind ranks below every result of an earlier one.
  const MATCH_KINDS = ['exact', 'variant', 'synonym', 'typo'];

  function compareResults(a, b) {
    return a.kindRank - b.kindRank || b.titleTerms - a.titleTerms || b.phrase - a.phrase || b.wholeTerms - a.wholeTerms ||
      b.score - a.score || a.document - b.document;
  }

  // The forgiving part of the engine, relative to the index directory.
  const FORGIVE_SCRIPT = '../../assets/search-forgive.js';

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
    const received = { manifest: null, chunks: new Map(), lists: new Map(), documents: new Map() };
    const loading = new Map();
    const decoded = new Map();

    function receive(data) {
      if (data && typeof data === 'object') {
        if ('version' in data) received.manifest = data;
        else if ('chunk' in data) received.chunks.set(data.chunk, data);
        else if ('list' in data) received.lists.set(data.list, data.postings);
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

    /** What a key's chunk holds for it: its postings, the number of the
     * file that holds them, or undefined. */
    function stored(kind, key) {
      const chunk = received.chunks.get(chunkOf(key, manifest.chunkBits));
      return chunk && chunk[kind] && Object.prototype.hasOwnProperty.call(chunk[kind], key) ? chunk[kind][key] : undefined;
    }

    /** Loads the postings of `keys` ({kind, key}): their chunks, then the
     * files of those a chunk holds by number. */
    async function loadKeys(keys) {
      const chunks = new Set(keys.map(({ key }) => chunkOf(key, manifest.chunkBits)));
      await Promise.all([...chunks].map((n) => load('b/' + n + '.js', () => received.chunks.has(n))));
      const lists = new Set(keys.map(({ kind, key }) => stored(kind, key)).filter((s) => typeof s === 'number'));
      await Promise.all([...lists].map((n) => load('l/' + n + '.js', () => received.lists.has(n))));
    }

    /** A key's postings as stored ('' when no document has it). */
    function encoded(kind, key) {
      const s = stored(kind, key);
      return typeof s === 'number' ? received.lists.get(s) : s || '';
    }

    /** A key's postings, decoded once and kept; with `lead` (a key of the
     * same kind), just the documents that key has, kept for that pair. */
    function postings(kind, key, lead = null) {
      const id = kind + '\u0000' + key;
      if (decoded.has(id)) return decoded.get(id);
      const withLength = SPAN_KINDS.has(kind);
      if (lead === null) {
        decoded.set(id, decodePostings(encoded(kind, key), withLength));
        return decoded.get(id);
      }
      const pair = id + '\u0000' + lead;
      if (!decoded.has(pair)) decoded.set(pair, decodePostings(encoded(kind, key), withLength, postings(kind, lead)));
      return decoded.get(pair);
    }

    const add = (found, document, occurrence) => {
      if (!found.has(document)) found.set(document, []);
      found.get(document).push(occurrence);
    };

    /** The written text's occurrences of a term (its keys loaded), added to
     * `found`: its keys found one after the other. */
    function writtenOccurrences(chars, found) {
      const { kind, keys } = writtenLookup(chars);
      // The shortest list leads; the others are read only for its documents.
      let lead = 0;
      keys.forEach(({ key }, i) => { if (encoded(kind, key).length < encoded(kind, keys[lead].key).length) lead = i; });
      const rarest = postings(kind, keys[lead].key);
      const lists = keys.map(({ key }, i) => (i === lead ? rarest : postings(kind, key, keys[lead].key)));
      // Plain loops: a common word has thousands of documents at 10,000 measures.
      const inDocument = new Array(keys.length);
      for (const document of rarest.keys()) {
        let everyKey = true;
        for (let i = 0; i < lists.length && everyKey; i++) {
          inDocument[i] = lists[i].get(document);
          everyKey = inDocument[i] !== undefined;
        }
        if (!everyKey) continue;
        for (const [start, firstFlags] of inDocument[0]) {
          let flags = firstFlags;
          for (let i = 1; i < keys.length && flags !== undefined; i++) flags = inDocument[i].get(start + keys[i].offset);
          if (flags === undefined) continue;
          const endsToken = (flags & EDGE_AFTER) !== 0;
          const whole = (firstFlags & EDGE_BEFORE) !== 0 && endsToken;
          add(found, document, { form: 'written', start, length: chars.length, whole, endsToken, field: classOf(firstFlags) });
        }
      }
    }

    /** The reading text's occurrences of a kana term, added to `found`,
     * placed in the written text. A term of up to MAX_READING_SPAN kana is
     * one span's postings. A longer one is a chain: spans, each ending at a
     * token edge where the next starts, the last perhaps written in kana
     * (こころのけんこう|せんたー: こころの健康|センター). The first spans'
     * keys are loaded already (termKeys); the later ones are loaded here. */
    async function readingOccurrences(chars, found) {
      if (!isKanaTerm(chars)) return;
      const n = chars.length;
      // reached → Map(document → Map(written position → {start, field})):
      // where the term's first `reached` kana end, read from `start`.
      const chains = new Map([[0, null]]);
      for (let reached = 0; reached < n; reached++) {
        if (!chains.has(reached)) continue;
        const from = chains.get(reached);
        const link = (document, position) => (from === null ? null : from.get(document)?.get(position));
        const pieces = readingPieces(chars, reached);
        const tail = reached > 0 ? chars.slice(reached) : null;
        if (reached > 0) await loadKeys([...pieces, ...writtenKeys(tail)]);
        for (const { kind, key, length } of pieces) {
          for (const [document, positions] of postings(kind, key)) {
            if (from !== null && !from.has(document)) continue;
            for (const [position, [flags, writtenLength]] of positions) {
              const chain = from === null ? { start: position, field: classOf(flags) } : link(document, position);
              if (chain === undefined) continue;
              const end = position + writtenLength;
              if (reached + length === n) {
                add(found, document, { form: 'reading', start: chain.start, length: end - chain.start, whole: kind === 'reading', field: chain.field });
              } else {
                if (!chains.has(reached + length)) chains.set(reached + length, new Map());
                const at = chains.get(reached + length);
                if (!at.has(document)) at.set(document, new Map());
                at.get(document).set(end, chain);
              }
            }
          }
        }
        if (tail) {
          const written = new Map();
          writtenOccurrences(tail, written);
          for (const [document, list] of written) {
            for (const o of list) {
              const chain = link(document, o.start);
              if (chain) add(found, document, { form: 'reading', start: chain.start, length: o.start + o.length - chain.start, whole: o.endsToken, field: chain.field });
            }
          }
        }
      }
    }

    /** Every occurrence of a term: Map(document → [{form, start, length, whole, field}]). */
    async function occurrences(chars) {
      const found = new Map();
      writtenOccurrences(chars, found);
      await readingOccurrences(chars, found);
      return found;
    }

    const keysOf = (terms) => terms.flatMap((t) => termKeys([...t]));

    /** Documents where every one of `terms` occurs, with all their occurrences. */
    async function allOf(terms) {
      await loadKeys(keysOf(terms));
      const each = await Promise.all(terms.map((t) => occurrences([...t])));
      if (each.length === 1) return each[0];
      const both = new Map();
      for (const document of each[0].keys()) {
        if (each.every((m) => m.has(document))) both.set(document, each.flatMap((m) => m.get(document)));
      }
      return both;
    }

    /** Documents where `words` occur one after the other, a space apart at
     * most, with each such run as one occurrence. */
    async function inSequence(words) {
      await loadKeys(keysOf(words));
      const each = await Promise.all(words.map((w) => occurrences([...w])));
      const found = new Map();
      for (const [document, firsts] of each[0]) {
        for (const first of firsts) {
          let last = first;
          for (let i = 1; i < words.length && last; i++) {
            const end = last.start + last.length;
            last = (each[i].get(document) || []).find((o) => o.start === end || o.start === end + 1);
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
      await loadKeys(keysOf([plan.phrase, ...(plan.glued || []), ...(plan.parts || [])])); // at once
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
      const result = { document, match: 'exact', kindRank: 0, via: [], titleTerms: 0, phrase: 0, wholeTerms: 0, score: 0, found: [] };
      for (let t = 0; t < matches.length; t++) {
        const byDocument = matches[t];
        const { occurrences: found, split, kind = 'exact', via = [] } = byDocument.get(document);
        result.found.push(found);
        const kindRank = MATCH_KINDS.indexOf(kind);
        if (kindRank > result.kindRank) Object.assign(result, { match: kind, kindRank });
        via.forEach((form) => { if (!result.via.includes(form)) result.via.push(form); });
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
        }
        result.score += idf * weighted * (K1 + 1) / (weighted + K1);
        result.titleTerms += inTitle ? 1 : 0;
        result.wholeTerms += whole ? 1 : 0;
        result.phrase += split ? 0 : 1;
      }
      // Terms typed next to each other and found next to each other.
      for (let t = 1; t < result.found.length; t++) {
        const ends = new Set(result.found[t - 1].flatMap((o) => [o.start + o.length, o.start + o.length + 1]));
        if (result.found[t].some((o) => ends.has(o.start))) result.phrase++;
      }
      return result;
    }

    /** Ranked results of a query, best first: {terms, results: [{document,
     * match, kindRank, via, titleTerms, phrase, wholeTerms, score, found}],
     * didYouMean, nearest}, `found` each term's occurrences in the document
     * (see docs/search-index.md). Never throws for any text. */
    async function search(query) {
      await ready();
      const raw = rawTerms(String(query).slice(0, MAX_QUERY_LENGTH)).slice(0, MAX_TERMS)
        .map((term) => [...term].slice(0, MAX_TERM_LENGTH).join(''));
      const terms = raw.map(normalize);
      if (terms.length === 0) return { terms, results: [], didYouMean: null, nearest: [] };
      // Other spellings of a word are the same word: always looked up.
      const matches = await Promise.all(raw.map(async (r) => {
        const found = await matchTerm(r);
        return found.size > 0 && !hasAlternatives(normalize(r)) ? found : (await forgive()).forgiven(r, found);
      }));
      const results = ranked(matches);
      if (results.length > 0) return { terms, results, didYouMean: null, nearest: [] };
      return { terms, ...await (await forgive()).rescue(raw, matches) };
    }

    /** The documents every term matches, ranked. */
    function ranked(matches) {
      const [first, ...rest] = matches;
      const documents = [...first.keys()].filter((d) => rest.every((m) => m.has(d)));
      return documents.map((d) => rank(d, matches)).sort(compareResults);
    }

    /** Whether the index holds words for the term or a beginning of it
     * (variants.rs): their chunk is the one of its first two characters,
     * which the term's own lookup loaded. */
    const hasAlternatives = (term) => [...term].some((_, i, chars) =>
      i >= 1 && alternativeWords('variant', chars.slice(0, i + 1).join('')).length > 0);

    /** The words of the text the index holds for `key` of `kind`. */
    function alternativeWords(kind, key) {
      const anchor = [...key].slice(0, 2).join('');
      const chunk = received.chunks.get(chunkOf(anchor, manifest.chunkBits));
      const words = chunk && chunk[kind] && Object.prototype.hasOwnProperty.call(chunk[kind], key) ? chunk[kind][key] : [];
      return Array.isArray(words) ? words : [];
    }

    /** A form's matches as one phrase, as matchTerm gives them: forms are
     * normalised already, with no particles or scripts to split at. */
    async function matchPhrase(form) {
      const found = new Map();
      (await allOf([form])).forEach((occurrences, document) => found.set(document, { occurrences, split: false }));
      return found;
    }

    const loadCard = (n) => load('d/' + n + '.js', () => received.documents.has(n));

    // The forgiving part (search-forgive.js), loaded when a term finds
    // nothing or has other spellings.
    let forgiving = null;
    async function forgive() {
      if (!forgiving) {
        await load(FORGIVE_SCRIPT, () => global.ShinchokuSearchForgive !== undefined);
        forgiving = global.ShinchokuSearchForgive.forgiving({
          matchPhrase, loadKeys, keysOf, writtenKeys, writtenOccurrences, readingPieces, postings, ranked,
          loadCard, cards: received.documents, decodeNumbers, lastFieldAt, alternativeWords,
          maxReadingSpan: MAX_READING_SPAN,
        });
      }
      return forgiving;
    }

    /** What a result shows: its card's data, its title and a snippet as
     * `{text, mark}` pieces with the matches marked. Loads the card, which
     * holds the text of the field the snippet comes from: the first with a
     * match, else the first of the prose (the status). */
    async function present(result) {
      const m = await ready();
      const n = result.document;
      await loadCard(n);
      const card = received.documents.get(n);
      const numbers = decodeNumbers(card.fields);
      const fields = [];
      for (let k = 0; k + 1 < numbers.length; k += 2) {
        fields.push({ label: m.labels[numbers[k]], start: numbers[k + 1], found: [] });
      }
      const fieldAt = (o) => lastFieldAt(fields, o.start);
      for (const o of result.found.flat()) fields[Math.max(0, fieldAt(o))].found.push(o);
      const proseStart = card.prose;
      const k = [fields.findIndex((f, i) => i > 0 && f.found.length > 0),
        fields.findIndex((f, i) => i > 0 && f.start >= proseStart), fields.length > 1 ? 1 : -1].find((i) => i > 0);
      let snippet = null;
      if (k !== undefined) {
        const text = card.texts[k - 1];
        snippet = snippetOf(fields[k].label, text, marks(text, fields[k]));
      }
      // The title field of a new measure starts with a mark its title lacks.
      const mark = card.new && card.title.startsWith(m.newMark) ? m.newMark.length : 0;
      const title = card.title.slice(mark);
      const titleMarks = marks(card.title, fields[0]).map(([s, e]) => [s - mark, e - mark]);
      return {
        url: card.url,
        title,
        titlePieces: pieces(title, titleMarks, 0, title.length),
        isNew: card.new,
        trail: trailOf(m.nodes, card.node),
        departments: card.departments,
        grades: card.grades.map(([year, grade]) => ({ year: m.years[year], key: m.grades[grade][0], label: m.grades[grade][1] })),
        snippet,
        via: result.via || [],
      };
    }

    return { ready, search, present };
  }

  /** Ranges of `text` (UTF-16 indices) to mark: the occurrences found in
   * `field` (all placed in the normalised written text). */
  function marks(text, field) {
    const mapped = normalizeMapped(text);
    const ranges = [];
    for (const o of field.found) {
      const start = o.start - field.start;
      const last = Math.min(start + o.length, mapped.chars.length) - 1;
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

  global.ShinchokuSearchEngine = { createEngine };
})(typeof self !== 'undefined' ? self : globalThis);
