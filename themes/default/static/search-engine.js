/* shinchoku search engine: index loading, matching, ranking and snippets,
 * over the text functions of search-text.js (loaded first). No dependencies
 * and no DOM, so the same files run in the browser (search.js loads them on
 * first use) and in Node (tests/search/query.mjs). The index format is
 * written by src/search/. */
(function (global) {
  'use strict';

  const {
    normalize, normalizeMapped, rawTerms, termPlan, slips, pendingMarks, romajiToKana, asTyped, spellingVariants, isHan,
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

  const isKanaChar = (c) => /[\u3041-\u309f\u30fc]/.test(c);
  const isKanaTerm = (chars) => chars.length >= 2 && chars.every(isKanaChar);
  const isKanji = isHan;

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
    return MATCH_KINDS.indexOf(a.match) - MATCH_KINDS.indexOf(b.match) || b.titleTerms - a.titleTerms || b.phrase - a.phrase || b.wholeTerms - a.wholeTerms ||
      b.score - a.score || a.document - b.document;
  }

  // ---- Forgiving search ----

  // Cards read at most to tell which kanji a near miss stands for.
  const MAX_CARDS_READ = 24;
  // Words offered at most when nothing is found.
  const NEAREST = 5;

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
          const endsToken = (flags[flags.length - 1] & EDGE_AFTER) !== 0;
          const whole = (flags[0] & EDGE_BEFORE) !== 0 && endsToken;
          add(found, document, { form: 'written', start, length: chars.length, whole, endsToken, field: classOf(flags[0]) });
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
      const result = { document, match: 'exact', via: [], titleTerms: 0, phrase: 0, wholeTerms: 0, score: 0, occurrences: [] };
      matches.forEach((byDocument, t) => {
        const { occurrences: found, split, kind = 'exact', via = [] } = byDocument.get(document);
        if (MATCH_KINDS.indexOf(kind) > MATCH_KINDS.indexOf(result.match)) result.match = kind;
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
          result.occurrences.push({ ...o, term: t });
        }
        result.score += idf * weighted * (K1 + 1) / (weighted + K1);
        result.titleTerms += inTitle ? 1 : 0;
        result.wholeTerms += whole ? 1 : 0;
        result.phrase += split ? 0 : 1;
      });
      // Terms typed next to each other and found next to each other.
      for (let t = 1; t < matches.length; t++) {
        const ends = new Set(result.occurrences.filter((o) => o.term === t - 1)
          .flatMap((o) => [o.start + o.length, o.start + o.length + 1]));
        if (result.occurrences.some((o) => o.term === t && ends.has(o.start))) result.phrase++;
      }
      return result;
    }

    /** Ranked results of a query, best first: {terms, results: [{document,
     * match, via, titleTerms, phrase, wholeTerms, score, occurrences}],
     * didYouMean, nearest} (see docs/search-index.md). Never throws for any text. */
    async function search(query) {
      await ready();
      const raw = rawTerms(String(query).slice(0, MAX_QUERY_LENGTH)).slice(0, MAX_TERMS)
        .map((term) => [...term].slice(0, MAX_TERM_LENGTH).join(''));
      const terms = raw.map(normalize);
      if (terms.length === 0) return { terms, results: [], didYouMean: null, nearest: [] };
      // Other spellings of a word are the same word: always. Everyday
      // words, other spellings by rule and inside a term: when the query
      // finds nothing, so an exact match gets no noise from them.
      const matches = await Promise.all(raw.map(async (r) => widen(r, await matchAsTyped(r),
        await indexedAlternatives(normalize(r), ['variant'], false))));
      let results = ranked(matches);
      let didYouMean = null;
      if (results.length === 0) {
        const widened = await Promise.all(raw.map(async (r, t) => {
          const term = normalize(r);
          const forms = [...await indexedAlternatives(term, ['variant', 'synonym'], true),
            ...spellingVariants(term).map((form) => ({ kind: 'variant', word: form, form }))];
          return widen(r, matches[t], forms);
        }));
        results = ranked(widened);
        widened.forEach((m, t) => { matches[t] = m; });
      }
      if (results.length === 0) {
        const corrected = await correction(raw, matches);
        if (corrected) {
          results = ranked(corrected.matches);
          didYouMean = corrected.query;
        }
      }
      const nearest = results.length === 0 ? await nearestWords(raw, matches) : [];
      return { terms, results, didYouMean, nearest };
    }

    /** The documents every term matches, ranked. */
    function ranked(matches) {
      const [first, ...rest] = matches;
      const documents = [...first.keys()].filter((d) => rest.every((m) => m.has(d)));
      return documents.map((d) => rank(d, matches)).sort(compareResults);
    }

    /** A term's matches (matchTerm's, each `{occurrences, split, kind,
     * via}`); when it has none as typed, those of the forms it may be on
     * its way to: a half-width letter before its ﾞ or ﾟ, romaji typed with
     * the IME off, a word converted and then the reading of the next
     * being typed (地域ほう). */
    async function matchAsTyped(raw) {
      const found = await matchTerm(raw);
      if (found.size > 0) return found;
      const term = normalize(raw);
      const kana = romajiToKana(term);
      const forms = [...pendingMarks(raw, term), ...(kana ? [kana] : [])];
      await loadKeys(keysOf(forms));
      for (const form of forms) mergeInto(found, await matchTerm(form));
      if (found.size === 0) mergeInto(found, await wordThenReading([...term]));
      return found;
    }

    /** A term's matches and those of the forms `alternatives` gives,
     * each `{occurrences, split, kind, via}` (kind 'variant' or 'synonym',
     * via the word of the text). A dictionary form (`inflects`) that finds
     * nothing is tried without its last kana or two (an inflected form:
     * わかりやすい → わかりやす finds わかりやすかった). */
    async function widen(raw, found, alternatives) {
      const widened = new Map(found);
      for (const { kind, word, form, inflects } of alternatives) {
        let alternative = await matchTerm(form);
        const shorter = [...form];
        const shortest = inflects ? Math.max(3, shorter.length - 2) : shorter.length;
        while (alternative.size === 0 && shorter.length > shortest && /[\u3041-\u3096]/.test(shorter[shorter.length - 1])) {
          shorter.pop();
          alternative = await matchTerm(shorter.join(''));
        }
        alternative.forEach((match, document) => {
          if (!widened.has(document)) widened.set(document, { ...match, kind, via: [asTyped(raw, word)] });
        });
      }
      return widened;
    }

    /** The forms of a term the index's variant or synonym words give
     * (variants.rs): a key is the term or a beginning of it (分かり|やすい
     * → わかり|やすい), and with `anywhere`, an end of it too (市政|便り →
     * 市政|だより), whose chunk may need loading. Each key's words sit in
     * the chunk of its first two characters, which a query for the term
     * loads anyway. [{kind, word, form}] */
    async function indexedAlternatives(term, kinds, anywhere) {
      const chars = [...term];
      const splits = anywhere ? chars.map((_, k) => k).filter((k) => k <= chars.length - 2) : [0];
      await loadKeys(splits.map((k) => ({ key: chars.slice(k, k + 2).join('') })));
      const forms = [];
      for (const kind of kinds) {
        for (const k of splits) {
          const before = chars.slice(0, k).join('');
          for (let end = chars.length; end >= k + Math.min(2, chars.length); end--) {
            const words = alternativeWords(kind, chars.slice(k, end).join(''));
            const after = chars.slice(end).join('');
            words.forEach((word) => forms.push({ kind, word, form: before + normalize(word) + after, inflects: true }));
            if (words.length) break;
          }
        }
      }
      return forms;
    }

    /** The words of the text the index holds for `key` of `kind`. */
    function alternativeWords(kind, key) {
      const anchor = [...key].slice(0, 2).join('');
      const chunk = received.chunks.get(chunkOf(anchor, manifest.chunkBits));
      const words = chunk && chunk[kind] && Object.prototype.hasOwnProperty.call(chunk[kind], key) ? chunk[kind][key] : [];
      return Array.isArray(words) ? words : [];
    }

    /** Documents of `from` not yet in `into`, added to it. */
    function mergeInto(into, from) {
      from.forEach((match, document) => {
        if (!into.has(document)) into.set(document, match);
      });
    }

    /** A written word followed by the start of the next word's reading
     * (地域ほう: 地域 then ほう… of 包括, ほうかつ): the reading must start
     * where the word ends, at a token. */
    async function wordThenReading(chars) {
      let split = chars.length;
      while (split > 0 && isKanaChar(chars[split - 1])) split--;
      const head = chars.slice(0, split);
      const tail = chars.slice(split);
      const found = new Map();
      if (head.length === 0 || tail.length < 2 || tail.length > MAX_READING_SPAN || isKanaTerm(head)) return found;
      const pieces = readingPieces(tail, 0).filter((p) => p.length === tail.length);
      await loadKeys([...writtenKeys(head), ...pieces]);
      const words = new Map();
      writtenOccurrences(head, words);
      for (const { kind, key } of pieces) {
        for (const [document, positions] of postings(kind, key)) {
          for (const o of words.get(document) || []) {
            const span = positions.get(o.start + o.length);
            if (span) addMatch(found, document, { form: 'reading', start: o.start, length: o.length + span[1], whole: kind === 'reading', field: o.field });
          }
        }
      }
      return found;
    }

    const addMatch = (found, document, occurrence) => {
      if (!found.has(document)) found.set(document, { occurrences: [], split: false, kind: 'exact', via: [] });
      found.get(document).occurrences.push(occurrence);
    };

    /** For a query that finds nothing: each term that finds nothing
     * replaced by the form one slip or one kanji away that the text has
     * most often along with the other terms. {query, matches} or null. */
    async function correction(raw, matches) {
      const corrected = matches.slice();
      const words = raw.slice();
      for (let t = 0; t < raw.length; t++) {
        if (matches[t].size > 0) continue;
        const others = matches.filter((m, i) => i !== t && m.size > 0);
        const candidates = await closeForms(normalize(raw[t]));
        let best = null;
        for (const { form, found } of candidates) {
          const count = [...found.keys()].filter((d) => others.every((m) => m.has(d))).length;
          if (count > 0 && (!best || count > best.count)) best = { form, found, count };
        }
        if (!best) return null;
        const shown = asTyped(raw[t], best.form);
        best.found.forEach((match) => Object.assign(match, { kind: 'typo', via: [shown] }));
        corrected[t] = best.found;
        words[t] = shown;
      }
      return { query: words.join(' '), matches: corrected };
    }

    /** The forms close to a term that the text has, each with its
     * matches: [{form, found}]. */
    async function closeForms(term) {
      const forms = slips(term);
      await loadKeys(keysOf(forms));
      const out = [];
      for (const form of forms) {
        const found = await matchTerm(form);
        if (found.size > 0) out.push({ form, found });
      }
      return [...out, ...await oneKanjiAway([...term])];
    }

    /** The words of the text a term with one kanji replaced makes (研習会 →
     * 研修会): the rest of the term found around one character, which the
     * result's card tells. [{form, found}] */
    async function oneKanjiAway(chars) {
      if (chars.length < 3) return [];
      const sides = [];
      chars.forEach((c, i) => {
        const left = chars.slice(0, i);
        const right = chars.slice(i + 1);
        if (isKanji(c) && left.length + right.length >= 2) sides.push({ i, left, right });
      });
      await loadKeys(sides.flatMap(({ left, right }) => [left, right].filter((s) => s.length).flatMap(writtenKeys)));
      const places = [];
      for (const { i, left, right } of sides) {
        const [l, r] = [left, right].map((side) => {
          const found = new Map();
          if (side.length) writtenOccurrences(side, found);
          return side.length ? found : null;
        });
        for (const [document, list] of (l || r)) {
          for (const o of list) {
            const start = l ? o.start : o.start - left.length - 1;
            if (start < 0 || (l && r && !(r.get(document) || []).some((p) => p.start === start + i + 1))) continue;
            places.push({ document, i, start, field: o.field });
          }
        }
      }
      const documents = [...new Set(places.map((p) => p.document))].slice(0, MAX_CARDS_READ);
      await Promise.all(documents.map(loadCard));
      const byForm = new Map();
      for (const { document, i, start, field } of places) {
        if (!received.documents.has(document)) continue;
        const fill = charAt(received.documents.get(document), start + i);
        if (!fill || !isKanji(fill) || fill === chars[i]) continue;
        const form = chars.slice(0, i).join('') + fill + chars.slice(i + 1).join('');
        if (!byForm.has(form)) byForm.set(form, new Map());
        addMatch(byForm.get(form), document, { form: 'written', start, length: chars.length, whole: false, field });
      }
      return [...byForm].map(([form, found]) => ({ form, found }));
    }

    const loadCard = (n) => load('d/' + n + '.js', () => received.documents.has(n));

    /** The normalised character at `position` of a card's document, if its
     * card holds that much of the field. */
    function charAt(card, position) {
      const starts = decodeNumbers(card.fields).filter((_, k) => k % 2 === 1);
      const k = lastFieldAt(starts.map((start) => ({ start })), position);
      if (k < 0) return undefined;
      const text = k === 0 ? card.title : card.texts[k - 1];
      return text === undefined ? undefined : normalizeMapped(text).chars[position - starts[k]];
    }

    /** Up to NEAREST words of the text close to a query that finds
     * nothing: the terms found alone, then the longest beginning of each
     * other term that the text has, then its close forms. */
    async function nearestWords(raw, matches) {
      const words = [];
      for (let t = 0; t < raw.length; t++) {
        if (matches[t].size > 0) {
          words.push(raw[t]);
          continue;
        }
        const chars = [...normalize(raw[t])];
        for (let length = chars.length - 1; length >= 2; length--) {
          const start = chars.slice(0, length).join('');
          if ((await matchTerm(start)).size > 0) {
            words.push(asTyped(raw[t], start));
            break;
          }
        }
        for (const { form } of await closeForms(chars.join(''))) words.push(asTyped(raw[t], form));
      }
      return [...new Set(words)].slice(0, NEAREST);
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
      for (const o of result.occurrences) fields[Math.max(0, fieldAt(o))].found.push(o);
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
