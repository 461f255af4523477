/* shinchoku search, the forgiving part: what a query may mean when it
 * finds nothing as typed (a word still being typed, another spelling by
 * rule, a slip, a near word). search-engine.js loads it on first need, so
 * a query that finds something never fetches it. Rules: docs/search-index.md
 * ("Forgiving search"); fixture: tests/search/forgiving-conformance.json. */
(function (global) {
  'use strict';

  const {
    normalize, normalizeMapped, asTyped, isHan, isKana, isKanaChar, PARTICLES,
  } = global.ShinchokuSearchText;
  const isKanji = isHan;

  // Kana one slip apart on a phone: a dakuten or handakuten added or
  // dropped, a small kana typed large or the other way round.
  const KANA_FAMILIES = ['かが', 'きぎ', 'くぐ', 'けげ', 'こご', 'さざ', 'しじ', 'すず', 'せぜ', 'そぞ',
    'ただ', 'ちぢ', 'つづっ', 'てで', 'とど', 'はばぱ', 'ひびぴ', 'ふぶぷ', 'へべぺ', 'ほぼぽ',
    'あぁ', 'いぃ', 'うぅゔ', 'えぇ', 'おぉ', 'やゃ', 'ゆゅ', 'よょ', 'わゎ'];
  const KANA_SLIPS = new Map();
  for (const family of KANA_FAMILIES) {
    for (const c of family) KANA_SLIPS.set(c, [...family].filter((other) => other !== c));
  }
  // A long vowel mark follows neither of these.
  const isNasalOrGeminate = (c) => c === 'ん' || c === 'っ';

  /** Every form one slip away from a normalised term: a kana of the same
   * family (が for か, ぱ for は, ょ for よ), a long vowel mark dropped, or
   * one added after a kana. Best first: voicing and size, then the long
   * vowel. */
  function slips(term) {
    const chars = [...term];
    const out = new Set();
    const at = (i, replacement) => chars.slice(0, i).join('') + replacement + chars.slice(i + 1).join('');
    chars.forEach((c, i) => (KANA_SLIPS.get(c) || []).forEach((other) => out.add(at(i, other))));
    chars.forEach((c, i) => {
      if (c === 'ー') out.add(at(i, ''));
      else if (isKana(c) && !isNasalOrGeminate(c) && chars[i + 1] !== 'ー') out.add(at(i, c + 'ー'));
    });
    out.delete(term);
    return [...out];
  }

  // Half-width katakana that a ﾞ or ﾟ typed next would change.
  const HALF_WIDTH_VOICEABLE = /[\uff73\uff76-\uff84\uff8a-\uff8e]$/;

  /** The forms a term typed so far may be on its way to, as typed: its
   * last half-width letter still waiting for its ﾞ or ﾟ (ｸﾞﾙｰﾌ → ぐるーぶ,
   * ぐるーぷ). `raw` as typed, `term` normalised. */
  function pendingMarks(raw, term) {
    if (!HALF_WIDTH_VOICEABLE.test(raw)) return [];
    const chars = [...term];
    const last = chars.pop();
    const stem = chars.join('');
    return (KANA_SLIPS.get(last) || []).filter((c) => c !== 'ぅ' && c !== 'っ').map((c) => stem + c);
  }

  // Romaji as a Japanese IME reads it: the longest spelling first.
  const ROMAJI = new Map();
  const SYLLABLES = {
    '': 'あいうえお', k: 'かきくけこ', g: 'がぎぐげご', s: 'さしすせそ', z: 'ざじずぜぞ', t: 'たちつてと',
    d: 'だぢづでど', n: 'なにぬねの', h: 'はひふへほ', b: 'ばびぶべぼ', p: 'ぱぴぷぺぽ', m: 'まみむめも',
    y: 'や い ゆ いぇ よ', r: 'らりるれろ', w: 'わ うぃ う うぇ を', f: 'ふぁ ふぃ ふ ふぇ ふぉ',
    v: 'ゔぁ ゔぃ ゔ ゔぇ ゔぉ', x: 'ぁぃぅぇぉ', l: 'ぁぃぅぇぉ', j: 'じゃ じ じゅ じぇ じょ',
  };
  for (const [consonant, kana] of Object.entries(SYLLABLES)) {
    // Five syllables a row: one kana each, or space-separated.
    const row = kana.includes(' ') ? kana.split(' ') : [...kana];
    [...'aiueo'].forEach((vowel, i) => ROMAJI.set(consonant + vowel, row[i]));
  }
  const YOON = { ky: 'き', gy: 'ぎ', sy: 'し', sh: 'し', zy: 'じ', jy: 'じ', ty: 'ち', ch: 'ち', cy: 'ち',
    dy: 'ぢ', ny: 'に', hy: 'ひ', by: 'び', py: 'ぴ', my: 'み', ry: 'り' };
  for (const [consonant, kana] of Object.entries(YOON)) {
    ['ゃ', 'ぃ', 'ゅ', 'ぇ', 'ょ'].forEach((small, i) => ROMAJI.set(consonant + 'aiueo'[i], kana + small));
  }
  [['shi', 'し'], ['chi', 'ち'], ['tsu', 'つ'], ['ji', 'じ'], ['fu', 'ふ'], ['nn', 'ん'], ["n'", 'ん'],
    ['xtu', 'っ'], ['ltu', 'っ'], ['xya', 'ゃ'], ['xyu', 'ゅ'], ['xyo', 'ょ'], ['wi', 'うぃ'], ['we', 'うぇ'],
    ['-', 'ー'], ['ti', 'ち'], ['tu', 'つ'], ['si', 'し'], ['zi', 'じ'], ['di', 'ぢ'], ['du', 'づ'], ['hu', 'ふ']]
    .forEach(([latin, kana]) => ROMAJI.set(latin, kana));

  /** Latin letters typed with the IME off, read as the kana they spell
   * (izon → いぞん), or null when they are not romaji. A consonant left at
   * the end is dropped (izo|n, still being typed, is いぞ… or いぞん). */
  function romajiToKana(term) {
    if (!/^[a-z'-]{2,}$/.test(term) || !/[aiueo]/.test(term)) return null;
    let kana = '';
    let i = 0;
    while (i < term.length) {
      const c = term[i];
      const next = term[i + 1];
      if ((c === next && /[bcdfghjkmpqrstvwxyz]/.test(c)) || (c === 't' && next === 'c')) {
        kana += 'っ';
        i++;
        continue;
      }
      const length = [3, 2, 1].find((l) => ROMAJI.has(term.slice(i, i + l)));
      if (length !== undefined) {
        kana += ROMAJI.get(term.slice(i, i + length));
        i += length;
      } else if (c === 'n' && !/[aiueoy]/.test(next || '')) {
        kana += 'ん';
        i++;
      } else if (i === term.length - 1 || (i === term.length - 2 && /[yh]/.test(next))) {
        break; // a syllable still being typed
      } else {
        return null;
      }
    }
    return kana.length >= 2 ? kana : null;
  }

  // Particles kept when the kana between two kanji are dropped.
  const isParticleKana = (text) => PARTICLES.includes(text);

  /** Other accepted spellings of a normalised term, by rule (the
   * dictionary's are in the index): okurigana between kanji left out
   * (窓吊り広告 → 窓吊広告), and katakana spellings of one loanword: ー or
   * イ after an e-row kana (プレー, プレイ), ア or ヤ after an i-row kana
   * (ダイアル, ダイヤル), ヴ or バ行, a final ー dropped or added. */
  function spellingVariants(term) {
    const out = new Set();
    const withoutOkurigana = term.replace(/(\p{Script=Han})([\u3041-\u3096]{1,2})(?=\p{Script=Han})/gu,
      (all, kanji, kana) => (isParticleKana(kana) ? all : kanji));
    out.add(withoutOkurigana);
    const chars = [...term];
    const at = (i, replacement, length = 1) => chars.slice(0, i).join('') + replacement + chars.slice(i + length).join('');
    chars.forEach((c, i) => {
      const before = chars[i - 1] || '';
      if (E_ROW.includes(before) && (c === 'ー' || c === 'い')) out.add(at(i, c === 'ー' ? 'い' : 'ー'));
      if (I_ROW.includes(before) && (c === 'あ' || c === 'や')) out.add(at(i, c === 'あ' ? 'や' : 'あ'));
      if (c === 'ゔ') {
        const small = 'ぁぃぅぇぉ'.indexOf(chars[i + 1]);
        out.add(small >= 0 ? at(i, 'ばびぶべぼ'[small], 2) : at(i, 'ぶ'));
      }
    });
    const last = chars[chars.length - 1];
    if (chars.length >= 4 && chars.every((c) => isKana(c) || c === 'ー')) {
      if (last === 'ー') out.add(chars.slice(0, -1).join(''));
      else if (!isNasalOrGeminate(last)) out.add(term + 'ー');
    }
    out.delete(term);
    return [...out];
  }
  const E_ROW = 'えけせてねへめれげぜでべぺぇ';
  const I_ROW = 'いきしちにひみりぎじぢびぴ';

  // The shortest term a slip is looked for in.
  const MIN_SLIP_TERM = 3;
  // Cards read at most to tell which kanji a near miss stands for.
  const MAX_CARDS_READ = 24;
  // Words offered at most when nothing is found.
  const NEAREST = 5;

  /** The forgiving search over the engine's `internals`. */
  function forgiving(internals) {
    const {
      matchPhrase, loadKeys, keysOf, writtenKeys, writtenOccurrences, readingPieces, postings, ranked,
      loadCard, cards, decodeNumbers, lastFieldAt, alternativeWords, maxReadingSpan,
    } = internals;

    /** Documents of `from` not yet in `into`, added to it. */
    function mergeInto(into, from) {
      from.forEach((match, document) => {
        if (!into.has(document)) into.set(document, match);
      });
    }

    const addMatch = (found, document, occurrence) => {
      if (!found.has(document)) found.set(document, { occurrences: [], split: false, kind: 'exact', via: [] });
      found.get(document).occurrences.push(occurrence);
    };

    /** A term's matches as typed (`found`), or when it has none, those of
     * the forms it may be on its way to; with those of its other
     * spellings in the index. */
    async function forgiven(raw, found) {
      const term = normalize(raw);
      const matches = found.size > 0 ? found : await asTypedSoFar(raw);
      return widen(raw, matches, await indexedAlternatives(term, ['variant'], false));
    }

    /** For a query that finds nothing: everyday words, other spellings by
     * rule and inside a term; then close forms (「もしかして」); then the
     * nearest words the text has. {results, didYouMean, nearest} */
    async function rescue(raw, matches) {
      const widened = await Promise.all(raw.map(async (r, t) => {
        const term = normalize(r);
        const forms = [...await indexedAlternatives(term, ['variant', 'synonym'], true),
          ...spellingVariants(term).map((form) => ({ kind: 'variant', word: form, form }))];
        return widen(r, matches[t], forms);
      }));
      let results = ranked(widened);
      if (results.length > 0) return { results, didYouMean: null, nearest: [] };
      const corrected = await correction(raw, widened);
      results = corrected ? ranked(corrected.matches) : [];
      if (results.length > 0) return { results, didYouMean: corrected.query, nearest: [] };
      return { results, didYouMean: null, nearest: await nearestWords(raw, widened) };
    }


    /** A term's matches and those of the forms `alternatives` gives,
     * each `{occurrences, split, kind, via}` (kind 'variant' or 'synonym',
     * via the word of the text). A dictionary form (`inflects`) that finds
     * nothing is tried without its last kana or two (an inflected form:
     * わかりやすい → わかりやす finds わかりやすかった). */
    async function widen(raw, found, alternatives) {
      const widened = new Map(found);
      for (const { kind, word, form, inflects } of alternatives) {
        let alternative = await matchPhrase(form);
        const shorter = [...form];
        const shortest = inflects ? Math.max(3, shorter.length - 2) : shorter.length;
        while (alternative.size === 0 && shorter.length > shortest && /[\u3041-\u3096]/.test(shorter[shorter.length - 1])) {
          shorter.pop();
          alternative = await matchPhrase(shorter.join(''));
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


    /** A term that finds nothing as typed: the forms it may be on its way
     * to (a half-width letter before its ﾞ or ﾟ, romaji typed with the IME
     * off, a word converted and then the next one's reading being typed:
     * 地域ほう). */
    async function asTypedSoFar(raw) {
      const found = new Map();
      const term = normalize(raw);
      const kana = romajiToKana(term);
      const forms = [...pendingMarks(raw, term), ...(kana ? [kana] : [])];
      await loadKeys(keysOf(forms));
      for (const form of forms) mergeInto(found, await matchPhrase(form));
      if (found.size === 0) mergeInto(found, await wordThenReading([...term]));
      return found;
    }

    /** A written word followed by the start of the next word's reading
     * (地域ほう: 地域 then ほう… of 包括, ほうかつ): the reading must start
     * where the word ends, at a token. The kana after the last kanji may
     * end the word first (子育て|しえ… of 支援): the longest word the text
     * has so followed wins. */
    async function wordThenReading(chars) {
      let kanaFrom = chars.length;
      while (kanaFrom > 0 && isKanaChar(chars[kanaFrom - 1])) kanaFrom--;
      if (kanaFrom === 0) return new Map();
      for (let split = chars.length - 2; split >= kanaFrom; split--) {
        const found = await wordThen(chars.slice(0, split), chars.slice(split));
        if (found.size > 0) return found;
      }
      return new Map();
    }

    /** Where the written `head` is followed by a reading starting with `tail`. */
    async function wordThen(head, tail) {
      const found = new Map();
      if (tail.length > maxReadingSpan) return found;
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
      // A slip in a word of two characters makes another word (ゴミ, コミ).
      const forms = [...term].length >= MIN_SLIP_TERM ? slips(term) : [];
      await loadKeys(keysOf(forms));
      const out = [];
      for (const form of forms) {
        const found = await matchPhrase(form);
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
        if (!cards.has(document)) continue;
        const fill = charAt(cards.get(document), start + i);
        if (!fill || !isKanji(fill) || fill === chars[i]) continue;
        const form = chars.slice(0, i).join('') + fill + chars.slice(i + 1).join('');
        if (!byForm.has(form)) byForm.set(form, new Map());
        addMatch(byForm.get(form), document, { form: 'written', start, length: chars.length, whole: false, field });
      }
      return [...byForm].map(([form, found]) => ({ form, found }));
    }

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
          if ((await matchPhrase(start)).size > 0) {
            words.push(asTyped(raw[t], start));
            break;
          }
        }
        for (const { form } of await closeForms(chars.join(''))) words.push(asTyped(raw[t], form));
      }
      return [...new Set(words)].slice(0, NEAREST);
    }

    return { forgiven, rescue };
  }

  global.ShinchokuSearchForgive = { forgiving, slips, pendingMarks, romajiToKana, spellingVariants };
})(typeof self !== 'undefined' ? self : globalThis);
