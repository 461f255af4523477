/* shinchoku search UI: results as you type under the header's search box,
 * and the search page (search/index.html?q=…). The engine (search-text.js,
 * search-engine.js) and the index load only when a search box is first
 * used. Results are built with DOM methods and textContent: index text
 * never becomes markup. A box searches committed text only: while an IME
 * composes a word, its keys and unconverted kana are left alone. ES2020
 * (iOS Safari 14, Chrome 87: see README "Browsers"). */
(function () {
  'use strict';

  const root = document.body.getAttribute('data-root') || '';
  const DEBOUNCE_MS = 120;
  const PANEL_RESULTS = 5;
  const PAGE_RESULTS = 10;
  // Other queries offered when nothing is found, each tried first.
  const MAX_ALTERNATIVES = 5;
  const MAX_TRIED = 8;
  // How soon the scroll position is saved once scrolling pauses.
  const SAVE_SCROLL_MS = 200;

  // ---- Loading ----

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.async = false; // run in the order added (the engine after the text functions)
      script.onload = () => { script.remove(); resolve(); };
      script.onerror = () => { script.remove(); reject(new Error(url)); };
      document.head.appendChild(script);
    });
  }

  let engineLoading = null;
  function engine() {
    if (!engineLoading) {
      const files = ['search-text.js', 'search-engine.js'].map((file) => loadScript(root + 'assets/' + file));
      engineLoading = Promise.all(files).then(() => {
        const created = self.ShinchokuSearchEngine.createEngine({ baseUrl: root + 'search/index/', loadScript });
        return created.ready().then(() => created);
      });
      engineLoading.catch(() => { engineLoading = null; }); // a later use tries again
    }
    return engineLoading;
  }

  /** Runs queries; an answer to an outdated query is dropped. `cancel()`
   * outdates the query on its way. */
  function searcher(onResults, onError) {
    let latest = 0;
    const run = async (query) => {
      const ticket = ++latest;
      try {
        const e = await engine();
        const found = await e.search(query);
        // The site's word for one measure (its measure_name), from the index.
        found.noun = (await e.ready()).measureNoun;
        if (ticket === latest) await onResults(query, found);
      } catch (error) {
        if (ticket === latest) onError(error);
      }
    };
    run.cancel = () => { latest++; };
    return run;
  }

  /** `run` once typing pauses; `cancel()` drops a run still waiting. */
  function debounce(run) {
    let timer = 0;
    const later = (value) => {
      clearTimeout(timer);
      timer = setTimeout(() => run(value), DEBOUNCE_MS);
    };
    later.cancel = () => clearTimeout(timer);
    return later;
  }

  // ---- Building results ----

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Content text (with its matches marked) in a <bdi>: a bidi override in
   * it ends there, and cannot reverse the text after it. */
  function isolated(pieces) {
    const bdi = element('bdi');
    for (const piece of pieces) bdi.appendChild(piece.mark ? element('mark', '', piece.text) : document.createTextNode(piece.text));
    return bdi;
  }
  const plain = (text) => [{ text, mark: false }];

  /** `text` with each lone surrogate (pasted, or set by a script) made
   * U+FFFD, as the engine reads it: encodeURIComponent throws "URI
   * malformed" on one. A loop, not a regex: lookbehind needs Safari 16.4. */
  function wellFormed(text) {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
      } else {
        out += unit >= 0xd800 && unit <= 0xdfff ? '\ufffd' : text[i];
      }
    }
    return out;
  }
  /** The query part of the search page's URL for `query`. Never throws. */
  const queryString = (query) => '?q=' + encodeURIComponent(wellFormed(String(query)));

  const searchUrl = (query) => root + 'search/index.html' + (query ? queryString(query) : '');

  const MATCH_LABELS = { variant: '別の書き方: ', synonym: '言い換え: ', typo: '似た言葉: ' };

  /** What a result shows (engine.present) with how it was found: `match`
   * and `via` (the forms the text has instead of the query's), which an
   * engine without variants or synonyms leaves out. */
  async function presented(e, result) {
    const shown = await e.present(result);
    return Object.assign({}, shown, {
      match: result.match || 'exact',
      via: shown.via || result.via || [],
    });
  }

  /** One result: title (a link), the nodes it is under and departments, grades, snippet.
   * In the header's list the title is no heading and the link is reached
   * with the arrow keys, not Tab. */
  function resultContent(shown, inPanel) {
    const fragment = document.createDocumentFragment();
    const heading = element(inPanel ? 'span' : 'h2', 'search-result-title');
    const link = element('a');
    link.href = root + shown.url;
    if (inPanel) link.tabIndex = -1;
    link.appendChild(isolated(shown.titlePieces));
    heading.appendChild(link);
    if (shown.isNew) heading.appendChild(element('span', 'search-new', '新規'));
    fragment.appendChild(heading);
    const about = element('span', 'search-result-about');
    shown.trail.forEach((node, i) => {
      about.append(i ? ' › ' + node.name : node.name);
      if (node.title) about.append(' ', isolated(plain(node.title)));
    });
    shown.departments.forEach((department, i) => about.append(i ? '、' : ' ／ ', isolated(plain(department))));
    fragment.appendChild(about);
    if (shown.grades.length) {
      const grades = element('span', 'search-result-grades');
      for (const grade of shown.grades) {
        const item = element('span', 'search-grade grade-' + grade.key);
        item.appendChild(element('span', 'grade-swatch')).setAttribute('aria-hidden', 'true');
        item.appendChild(element('span')).append(isolated(plain(grade.year)), ' 達成度: ', isolated(plain(grade.label)));
        grades.appendChild(item);
      }
      fragment.appendChild(grades);
    }
    if (shown.via.length && shown.match !== 'exact') {
      // Found through another form: say which, so the result is not a riddle.
      const via = element('span', 'search-result-via', MATCH_LABELS[shown.match] || MATCH_LABELS.variant);
      via.append('「', isolated(plain(shown.via.join('」「'))), '」を含む');
      fragment.appendChild(via);
    }
    if (shown.snippet) {
      const snippet = element('span', 'search-result-snippet');
      snippet.appendChild(element('span', 'search-result-field')).appendChild(isolated(plain(shown.snippet.label)));
      if (shown.snippet.cutBefore) snippet.appendChild(document.createTextNode('…'));
      snippet.appendChild(isolated(shown.snippet.pieces));
      if (shown.snippet.cutAfter) snippet.appendChild(document.createTextNode('…'));
      fragment.appendChild(snippet);
    }
    return fragment;
  }

  // ---- Messages ----

  const trimmed = (query) => query.trim();
  const notFound = (query, found) => `「${trimmed(query)}」を含む${found.noun}は見つかりませんでした。`;
  /** The status of a search: the count, or what was searched and not found;
   * with a correction, the corrected query and its count. */
  function statusMessage(query, found) {
    const count = found.results.length;
    if (found.didYouMean && count) return notFound(query, found) + `もしかして「${found.didYouMean}」: ${count}件`;
    if (!count) return notFound(query, found);
    const exact = found.results.every((r) => !r.match || r.match === 'exact');
    return exact ? `「${trimmed(query)}」を含む${found.noun}: ${count}件`
      : `「${trimmed(query)}」の検索結果: ${count}件（別の書き方や言い換えで見つかったものを含みます）`;
  }
  const failureMessage = '検索を準備できませんでした。ページを再読み込みしてください。';

  /** Queries that do find something, for a query that found nothing: the
   * site's nearest words (from the engine), each word of a query of several
   * alone, else the query shortened by a character or three. Each is tried,
   * so only what helps is offered: [{query, count}]. */
  async function alternatives(e, query, found) {
    const words = trimmed(query).split(/[\s\u3000]+/);
    const candidates = (found.nearest || []).slice();
    if (words.length > 1) candidates.push(...words);
    else if (!candidates.length) {
      const chars = [...words[0]];
      for (let n = chars.length - 1; n >= Math.max(2, chars.length - 3); n--) candidates.push(chars.slice(0, n).join(''));
    }
    const offered = [];
    for (const candidate of [...new Set(candidates)].slice(0, MAX_TRIED)) {
      if (offered.length === MAX_ALTERNATIVES) break;
      if (candidate === trimmed(query)) continue;
      const { results } = await e.search(candidate);
      if (results.length) offered.push({ query: candidate, count: results.length });
    }
    return offered;
  }

  // ---- Committed text: an IME's composition is no query yet ----

  /** Calls `onText(value)` when the text of `input` changes outside a
   * composition, and once when a composition commits; `onCompose()` when one
   * starts. Returns whether a key event belongs to a composition (its Enter
   * and arrow keys pick a conversion, never a result). */
  function committedText(input, onText, onCompose) {
    let composing = false;
    input.addEventListener('compositionstart', () => {
      composing = true;
      onCompose();
    });
    input.addEventListener('compositionend', () => {
      composing = false;
      onText(input.value);
    });
    input.addEventListener('input', (event) => {
      if (!composing && !event.isComposing) onText(input.value);
    });
    // keyCode 229: the key went to the IME (Safari sends it after compositionend).
    return (event) => composing || event.isComposing || event.keyCode === 229;
  }

  // ---- History: each entry keeps what its page showed ----

  /** Merges `patch` into this history entry's state, keeping its address. */
  function remember(patch) {
    try {
      history.replaceState(Object.assign({}, history.state, patch), '');
    } catch (error) {
      // A browser that throttles history calls: the state is a convenience.
    }
  }
  const remembered = (key) => (history.state && history.state[key]) || null;

  // ---- The header search box: a combobox with a list of results ----

  function enhanceHeaderSearch(form, index) {
    const input = form.querySelector('input[type="search"]');
    if (!input) return;
    const id = 'site-search-' + index;
    const stateKey = 'siteSearch' + index;
    const panel = element('div', 'site-search-panel');
    panel.hidden = true;
    const note = element('p', 'site-search-note');
    note.hidden = true;
    const list = element('ul', 'site-search-options');
    list.id = id + '-listbox';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', '検索結果');
    const message = element('p', 'site-search-message');
    panel.append(note, message, list); // what was not found, before the ways on
    const status = element('p', 'visually-hidden');
    status.setAttribute('role', 'status');
    form.classList.add('site-search-enhanced');
    form.append(panel, status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');

    let active = -1;
    const options = () => [...list.querySelectorAll('[role="option"]')];
    function setActive(next) {
      const all = options();
      all.forEach((option, i) => option.setAttribute('aria-selected', String(i === next)));
      active = next;
      if (next >= 0 && all[next]) {
        input.setAttribute('aria-activedescendant', all[next].id);
        all[next].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function open(isOpen) {
      panel.hidden = !isOpen;
      input.setAttribute('aria-expanded', String(isOpen && options().length > 0));
      if (!isOpen) setActive(-1);
    }
    function addOption(content, href) {
      const option = element('li', 'site-search-option');
      option.id = `${id}-option-${list.childElementCount}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.dataset.href = href;
      option.appendChild(content);
      option.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the box
      option.addEventListener('click', (event) => {
        if (!event.target.closest('a')) location.href = href;
      });
      list.appendChild(option);
    }
    function addLinkOption(className, text, href) {
      const link = element('a', className, text);
      link.href = href;
      link.tabIndex = -1;
      addOption(link, href);
    }

    const run = searcher(async (query, found) => {
      const e = await engine();
      const shown = await Promise.all(found.results.slice(0, PANEL_RESULTS).map((r) => presented(e, r)));
      if (input.value !== query) return; // typed on meanwhile
      list.replaceChildren();
      shown.forEach((s) => addOption(resultContent(s, true), root + s.url));
      const count = found.results.length;
      note.hidden = !(found.didYouMean && count);
      note.textContent = note.hidden ? '' : `もしかして「${found.didYouMean}」`;
      if (count) {
        addLinkOption('site-search-all', `すべての結果（${count}件）を検索ページで見る`, searchUrl(found.didYouMean || query));
      } else {
        // The short form of the search page's help: the site's nearest words, and the way there.
        for (const word of (found.nearest || []).slice(0, MAX_ALTERNATIVES)) addLinkOption('site-search-word', `「${word}」で検索`, searchUrl(word));
        addLinkOption('site-search-all', 'ほかの探し方（一覧から探す）を検索ページで見る', searchUrl(query));
      }
      message.textContent = count ? '' : notFound(query, found);
      message.hidden = count > 0;
      const said = statusMessage(query, found);
      status.textContent = said + (said.endsWith('。') ? '' : '。') + '上下の矢印キーで選べます。';
      setActive(-1);
      open(document.activeElement === input);
    }, () => {
      list.replaceChildren();
      note.hidden = true;
      message.hidden = false;
      message.textContent = failureMessage;
      status.textContent = failureMessage;
      open(true);
    });
    const runSoon = debounce((value) => {
      remember({ [stateKey]: value }); // Back to this page finds the box as it was left
      if (value.trim()) return run(value);
      run.cancel();
      list.replaceChildren();
      status.textContent = '';
      open(false);
    });
    const isComposingKey = committedText(input, runSoon, () => runSoon.cancel());

    // autocomplete="off" keeps a browser from restoring the text: this entry's state does.
    const kept = remembered(stateKey);
    if (kept && !input.value) input.value = kept;
    input.addEventListener('focus', () => {
      engine().catch(() => {});
      if (!input.value.trim()) return;
      if (list.childElementCount) open(true);
      else runSoon(input.value);
    });
    input.addEventListener('keydown', (event) => {
      if (isComposingKey(event)) return;
      const count = options().length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (!count) return;
        event.preventDefault();
        if (panel.hidden) open(true);
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (event.key === 'Enter' && active >= 0 && !panel.hidden) {
        event.preventDefault();
        location.href = options()[active].dataset.href;
      } else if (event.key === 'Escape') {
        if (!panel.hidden) { event.preventDefault(); open(false); }
      }
    });
    form.addEventListener('focusout', (event) => {
      if (!form.contains(event.relatedTarget)) open(false);
    });
  }

  // ---- The search page ----

  function enhanceSearchPage(page) {
    const form = page.querySelector('form');
    const input = form.querySelector('input[type="search"]');
    const status = page.querySelector('[data-search-status]');
    const list = page.querySelector('[data-search-results]');
    const more = page.querySelector('[data-search-more]');
    const help = page.querySelector('[data-search-help]'); // other queries, when nothing is found
    const browse = page.querySelector('[data-search-browse]'); // the lists of measures
    page.querySelector('[data-search-requires-js]').hidden = true;
    form.hidden = false;
    const baseTitle = document.title;
    let current = { query: '', results: [], shown: 0 };
    let restoring = null; // what this history entry showed: {query, shown, scrollY}
    // Whether the address's query is one the reader settled on (loaded,
    // submitted, left): the next query typed gets an entry of its own.
    let settled = true;
    // The results come after a browser would restore the scroll: this page does.
    if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
    const saveView = () => remember({ searchView: { query: current.query, shown: current.shown, scrollY: window.scrollY } });

    async function showMore(upTo) {
      const e = await engine();
      const query = current.query;
      const shown = await Promise.all(current.results.slice(current.shown, upTo).map((r) => presented(e, r)));
      if (query !== current.query) return;
      for (const s of shown) list.appendChild(element('li', 'search-result')).appendChild(resultContent(s, false));
      current.shown += shown.length;
      more.hidden = current.shown >= current.results.length;
      saveView();
    }

    async function offerAlternatives(query, found) {
      const offered = await alternatives(await engine(), query, found);
      if (query !== current.query || !offered.length) return;
      const items = element('ul');
      for (const alternative of offered) {
        const link = element('a', '', `「${alternative.query}」で検索（${alternative.count}件）`);
        link.href = searchUrl(alternative.query);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          input.value = alternative.query;
          settled = true;
          commit(alternative.query);
        });
        items.appendChild(element('li')).appendChild(link);
      }
      help.replaceChildren(element('p', '', '次の言葉なら見つかります。'), items);
      help.hidden = false;
    }

    function clear() {
      current = { query: '', results: [], shown: 0 };
      list.replaceChildren();
      help.hidden = true;
      more.hidden = true;
      browse.hidden = false;
    }
    const search = searcher(async (query, found) => {
      const view = restoring && restoring.query === query ? restoring : null;
      restoring = null;
      clear();
      current = { query, results: found.results, shown: 0 };
      document.title = `「${trimmed(query)}」の検索結果 | ${baseTitle}`;
      status.textContent = statusMessage(query, found);
      browse.hidden = found.results.length > 0; // no dead end: the lists when nothing is found
      await showMore(Math.max(PAGE_RESULTS, view ? view.shown : 0));
      if (view) {
        window.scrollTo(0, view.scrollY);
        saveView(); // at once: a reload before the scroll is saved must not lose it
      }
      if (!found.results.length) await offerAlternatives(query, found);
    }, () => { status.textContent = failureMessage; });
    function run(query) {
      browse.hidden = query.trim() !== ''; // until the results say nothing was found
      if (query.trim()) return search(query);
      search.cancel();
      clear();
      status.textContent = '';
      document.title = baseTitle;
    }

    const queryInUrl = () => new URLSearchParams(location.search).get('q') || '';
    const urlFor = (query) => (query.trim() ? queryString(query) : location.pathname.split('/').pop());
    /** Puts `query` in the address: a new entry after a settled query, else this one. */
    function address(query) {
      if (queryInUrl() === query) return;
      if (settled && queryInUrl().trim()) history.pushState({}, '', urlFor(query));
      else history.replaceState(Object.assign({}, history.state, { searchView: null }), '', urlFor(query));
      settled = false;
    }
    // While typing, the address follows in one entry per new query.
    const typed = debounce((query) => {
      address(query);
      run(query);
    });
    function commit(query) {
      typed.cancel();
      address(query);
      settled = true;
      run(query);
    }
    function fromLocation() {
      typed.cancel();
      settled = true;
      input.value = queryInUrl();
      const view = remembered('searchView');
      restoring = view && view.query === input.value ? view : null;
      run(input.value);
    }
    input.addEventListener('focus', () => engine().catch(() => {}));
    committedText(input, typed, () => typed.cancel());
    input.addEventListener('change', () => { settled = true; });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      commit(input.value);
    });
    more.addEventListener('click', async () => {
      const firstNew = list.children.length;
      await showMore(current.shown + PAGE_RESULTS);
      // Keyboard users go on from the first result added, not a hidden button.
      const link = list.children[firstNew] && list.children[firstNew].querySelector('a');
      if (link) link.focus();
    });
    // Back from a result shows as many results, scrolled as they were.
    let scrollTimer = 0;
    window.addEventListener('scroll', () => {
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(saveView, SAVE_SCROLL_MS);
    }, { passive: true });
    list.addEventListener('click', saveView); // before a result opens: pagehide may be too late
    window.addEventListener('pagehide', saveView);
    window.addEventListener('popstate', fromLocation);
    fromLocation();
  }

  self.ShinchokuSearchPage = { queryString };
  document.querySelectorAll('form.site-search').forEach(enhanceHeaderSearch);
  const page = document.querySelector('[data-search-page]');
  if (page) enhanceSearchPage(page);
})();
