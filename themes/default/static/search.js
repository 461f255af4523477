/* shinchoku search UI: results as you type under the header's search box,
 * and the search page (search/index.html?q=…). The engine (search-text.js,
 * search-engine.js) and the index load only when a search box is first
 * used. Results are built with DOM methods and textContent: index text
 * never becomes markup. */
(function () {
  'use strict';

  const root = document.body.getAttribute('data-root') || '';
  const DEBOUNCE_MS = 120;
  const PANEL_RESULTS = 5;
  const PAGE_RESULTS = 10;

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

  // A lone surrogate (pasted, or set by a script) makes encodeURIComponent
  // throw "URI malformed": it becomes U+FFFD, as the engine reads it too.
  const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  /** The query part of the search page's URL for `query`. Never throws. */
  const queryString = (query) => '?q=' + encodeURIComponent(String(query).replace(LONE_SURROGATE, '\ufffd'));

  const searchUrl = (query) => root + 'search/index.html' + (query ? queryString(query) : '');

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

  const countMessage = (query, found) => `「${query.trim()}」を含む${found.noun}: ${found.results.length}件`;
  const noneMessage = (query, found) => `「${query.trim()}」を含む${found.noun}は見つかりませんでした。` +
    '言葉を短くする、スペースで区切る、ひらがなで入力するなどをお試しください。';
  const failureMessage = '検索を準備できませんでした。ページを再読み込みしてください。';

  // ---- The header search box: a combobox with a list of results ----

  function enhanceHeaderSearch(form, index) {
    const input = form.querySelector('input[type="search"]');
    if (!input) return;
    const id = 'site-search-' + index;
    const panel = element('div', 'site-search-panel');
    panel.hidden = true;
    const list = element('ul', 'site-search-options');
    list.id = id + '-listbox';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', '検索結果');
    const message = element('p', 'site-search-message');
    panel.append(list, message);
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
    function addOption(content, href, optionIndex) {
      const option = element('li', 'site-search-option');
      option.id = `${id}-option-${optionIndex}`;
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

    const run = searcher(async (query, found) => {
      const e = await engine();
      const shown = await Promise.all(found.results.slice(0, PANEL_RESULTS).map((r) => e.present(r)));
      if (input.value !== query) return; // typed on meanwhile
      list.replaceChildren();
      shown.forEach((s, i) => addOption(resultContent(s, true), root + s.url, i));
      if (found.results.length > 0) {
        const all = element('a', 'site-search-all', `すべての結果（${found.results.length}件）を検索ページで見る`);
        all.href = searchUrl(query);
        all.tabIndex = -1;
        addOption(all, all.href, shown.length);
      }
      message.textContent = found.results.length ? '' : noneMessage(query, found);
      message.hidden = found.results.length > 0;
      status.textContent = found.results.length ? countMessage(query, found) + '。上下の矢印キーで選べます。' : noneMessage(query, found);
      setActive(-1);
      open(document.activeElement === input);
    }, () => {
      list.replaceChildren();
      message.hidden = false;
      message.textContent = failureMessage;
      status.textContent = failureMessage;
      open(true);
    });
    const runSoon = debounce((value) => {
      if (value.trim()) return run(value);
      run.cancel();
      list.replaceChildren();
      status.textContent = '';
      open(false);
    });

    input.addEventListener('focus', () => {
      engine().catch(() => {});
      if (input.value.trim() && list.childElementCount) open(true);
    });
    input.addEventListener('input', () => runSoon(input.value));
    input.addEventListener('keydown', (event) => {
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
    page.querySelector('[data-search-requires-js]').hidden = true;
    form.hidden = false;
    const baseTitle = document.title;
    let current = { query: '', results: [], shown: 0 };

    async function showMore() {
      const e = await engine();
      const next = current.results.slice(current.shown, current.shown + PAGE_RESULTS);
      const query = current.query;
      const shown = await Promise.all(next.map((r) => e.present(r)));
      if (query !== current.query) return;
      for (const s of shown) {
        const item = element('li', 'search-result');
        item.appendChild(resultContent(s, false));
        list.appendChild(item);
      }
      current.shown += shown.length;
      more.hidden = current.shown >= current.results.length;
    }

    const search = searcher(async (query, found) => {
      current = { query, results: found.results, shown: 0 };
      list.replaceChildren();
      document.title = `「${query.trim()}」の検索結果 | ${baseTitle}`;
      status.textContent = found.results.length ? countMessage(query, found) : noneMessage(query, found);
      await showMore();
    }, () => { status.textContent = failureMessage; });
    function run(query) {
      if (query.trim()) return search(query);
      search.cancel();
      current = { query: '', results: [], shown: 0 };
      list.replaceChildren();
      status.textContent = '';
      more.hidden = true;
      document.title = baseTitle;
    }

    const queryInUrl = () => new URLSearchParams(location.search).get('q') || '';
    const urlFor = (query) => (query.trim() ? queryString(query) : location.pathname.split('/').pop());
    // While typing, the URL follows without adding history entries.
    const typed = debounce((query) => {
      history.replaceState(null, '', urlFor(query));
      run(query);
    });
    function fromLocation() {
      typed.cancel();
      input.value = queryInUrl();
      run(input.value);
    }
    input.addEventListener('focus', () => engine().catch(() => {}));
    input.addEventListener('input', () => typed(input.value));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      typed.cancel();
      const query = input.value;
      if (queryInUrl() !== query) history.pushState(null, '', urlFor(query));
      run(query);
    });
    more.addEventListener('click', async () => {
      const firstNew = list.children.length;
      await showMore();
      // Keyboard users go on from the first result added, not a hidden button.
      const link = list.children[firstNew] && list.children[firstNew].querySelector('a');
      if (link) link.focus();
    });
    window.addEventListener('popstate', fromLocation);
    fromLocation();
  }

  self.ShinchokuSearchPage = { queryString };
  document.querySelectorAll('form.site-search').forEach(enhanceHeaderSearch);
  const page = document.querySelector('[data-search-page]');
  if (page) enhanceSearchPage(page);
})();
