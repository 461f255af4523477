/* shinchoku search, the text side: the normalisation shared with the index
 * builder (specification: src/search/normalize.rs) and how a typed term is
 * looked up (particles, script changes). No dependencies and no DOM; loaded
 * before search-engine.js, in the browser and in Node alike. */
(function (global) {
  'use strict';

  // ---- Normalisation ----

  const WHITESPACE = '\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005' +
    '\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
  const WHITESPACE_RUNS = new RegExp('[' + WHITESPACE + ']+', 'u');
  // Marks that NFKC composes with the character before them (ｶﾞ → ガ).
  const COMBINING = /[\p{M}\uff9e\uff9f]/u;
  // A high surrogate not followed by a low one, or a low one on its own
  // (matched with the high one before it, if any, so no lookbehind is
  // needed: iOS Safari 14 has none).
  const SURROGATES = /[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g;
  const replaceLoneSurrogates = (text) => String(text).replace(SURROGATES, (s) => (s.length === 2 ? s : '\ufffd'));
  // Step 2: removed as if never there (zero-width spaces and joiners, soft
  // hyphen, bidi controls, variation selectors, BOM, tags).
  const INVISIBLE = /^[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]$/u;

  const isWhitespace = (c) => WHITESPACE.includes(c);
  const isAscii = (c) => c < '\u0080';

  /** Steps 3 and 4: lower case, katakana → hiragana, for one code point. */
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
    text = replaceLoneSurrogates(text);
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
        if (INVISIBLE.test(c)) continue;
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

  /** The raw parts of a query that hold a term (split at whitespace). */
  const rawTerms = (query) => replaceLoneSurrogates(query).split(WHITESPACE_RUNS)
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

  /** A term as typed, in runs of one script each, taken before katakana
   * become hiragana, so that マイノリティの理解 still shows where の is. */
  function scriptRuns(raw) {
    const runs = [];
    for (const c of raw.normalize('NFKC').toLowerCase()) {
      if (INVISIBLE.test(c)) continue;
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
   * - `glued`: the term split where latin meets other letters, to be found
   *   a space apart at most (ＤＶ相談 finds "DV 相談": normalisation keeps a
   *   space between latin and Japanese);
   * - `fallback`: the words of a term that matches nothing as a whole, split
   *   where the script changes too (ＤＶ相談 → dv, 相談). */
  function termPlan(raw) {
    const runs = scriptRuns(raw);
    while (runs.length > 1 && isParticle(runs[0])) runs.shift();
    while (runs.length > 1 && isParticle(runs[runs.length - 1])) runs.pop();
    return { phrase: joined(runs), glued: latinSplit(runs), parts: words(runs, false), fallback: words(runs, true) };
  }

  /** `runs` split where latin meets anything else; fewer than two: null. */
  function latinSplit(runs) {
    const pieces = [];
    runs.forEach((run, i) => {
      if (i === 0 || (run.script === 'latin') !== (runs[i - 1].script === 'latin')) pieces.push([]);
      pieces[pieces.length - 1].push(run);
    });
    return pieces.length >= 2 ? pieces.map(joined) : null;
  }

  /** Words of `runs` split at particles; `atScripts`: at every change of
   * script too, without words of one character (お|年 of お年より: alone,
   * each finds almost every measure). Fewer than two words: null. */
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
    const texts = found.filter((w) => w.length).map(joined)
      .filter((w) => [...w].length > (atScripts ? 1 : 0));
    return texts.length >= 2 ? texts : null;
  }

  const isHan = (c) => /[\p{Script=Han}\u3005]/u.test(c);
  const isKana = (c) => c >= '\u3041' && c <= '\u3096';
  /** Hiragana (normalised text has no katakana) or the long vowel mark. */
  const isKanaChar = (c) => /[\u3041-\u309f\u30fc]/.test(c);
  /** A term of two kana or more: one the reading index can find. */
  const isKanaTerm = (chars) => chars.length >= 2 && chars.every(isKanaChar);

  /** A normalised term in katakana where `raw` was typed in katakana (for
   * showing a corrected query as the citizen wrote it). */
  function asTyped(raw, term) {
    if (!/[\u30a1-\u30fa\uff66-\uff9d]/.test(raw) || /[\u3041-\u3096]/.test(raw)) return term;
    return [...term].map((c) => (isKana(c) ? String.fromCharCode(c.charCodeAt(0) + 0x60) : c)).join('');
  }

  global.ShinchokuSearchText = {
    normalize, normalizeMapped, queryTerms, rawTerms, termPlan, asTyped, isHan, isKana, isKanaChar, isKanaTerm,
    PARTICLES,
  };
})(typeof self !== 'undefined' ? self : globalThis);
