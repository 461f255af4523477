/* shinchoku measure finder (measures.html): filters and sorting over the
 * plain table the page already holds. Each row lists what its filters read
 * in data-filter-* attributes (per fiscal year: data-filter-KEY-YEAR) and
 * each sortable cell its key in data-sort. The state lives in the page's
 * address (?department=…&year=2020&sort=grade-2020&order=desc), so a view
 * can be shared and Back returns to the previous one. ES2019. */
(function () {
  'use strict';

  const table = document.getElementById('finder-table');
  const form = document.getElementById('finder-filters');
  const count = document.getElementById('finder-count');
  if (!table || !form || !count) return;

  const SEPARATOR = '\n';
  const noun = table.getAttribute('data-noun');
  const body = table.tBodies[0];
  // Reading order, the order of an unsorted table and of ties.
  const rows = Array.prototype.slice.call(body.rows);
  rows.forEach((row, i) => { row.finderIndex = i; });
  const headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  const selects = Array.prototype.slice.call(form.querySelectorAll('select'));
  const yearSelect = form.elements.namedItem('year');
  const allYears = Array.prototype.slice.call(yearSelect.options).map((o) => o.value).filter(Boolean);

  // ---- State: the page's address ----

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const state = { sort: params.get('sort') || '', order: params.get('order') === 'desc' ? 'desc' : 'asc' };
    selects.forEach((select) => {
      const value = params.get(select.name) || '';
      const known = Array.prototype.some.call(select.options, (o) => o.value === value);
      state[select.name] = known ? value : '';
    });
    if (!headers.some((th) => th.hasAttribute('data-sortable') && th.getAttribute('data-key') === state.sort)) {
      state.sort = '';
    }
    return state;
  }

  function address(state) {
    const params = new URLSearchParams();
    selects.forEach((select) => { if (state[select.name]) params.set(select.name, state[select.name]); });
    if (state.sort) {
      params.set('sort', state.sort);
      params.set('order', state.order);
    }
    const query = params.toString();
    return window.location.pathname + (query ? '?' + query : '') + window.location.hash;
  }

  function formState() {
    const state = readState();
    selects.forEach((select) => { state[select.name] = select.value; });
    return state;
  }

  // A page opened from disk may refuse a changed address: the view still changes.
  function remember(state) {
    try {
      window.history.pushState(null, '', address(state));
    } catch (error) {
      // file:// in some browsers
    }
  }

  // ---- Filtering ----

  function values(row, name) {
    const value = row.getAttribute('data-' + name);
    return value ? value.split(SEPARATOR) : [];
  }

  function matches(row, state) {
    if (state.year && values(row, 'years').indexOf(state.year) < 0) return false;
    return selects.every((select) => {
      const wanted = state[select.name];
      if (!wanted || select === yearSelect) return true;
      const name = 'filter-' + select.name;
      if (!select.hasAttribute('data-per-year')) return values(row, name).indexOf(wanted) >= 0;
      // Per year: that year's value, or any year's when no year is chosen.
      const years = state.year ? [state.year] : allYears;
      return years.some((year) => values(row, name + '-' + year).indexOf(wanted) >= 0);
    });
  }

  // ---- Sorting ----

  function sortKey(row, column) {
    const cell = row.cells[column];
    const key = cell && cell.getAttribute('data-sort');
    return key === null || key === undefined || key === '' ? Infinity : Number(key);
  }

  function sorted(state) {
    const column = headers.findIndex((th) => th.getAttribute('data-key') === state.sort);
    if (column < 0) return rows;
    const sign = state.order === 'desc' ? -1 : 1;
    return rows.slice().sort((a, b) => {
      const ka = sortKey(a, column);
      const kb = sortKey(b, column);
      if (ka !== kb) {
        // A row without a key goes last either way.
        if (ka === Infinity) return 1;
        if (kb === Infinity) return -1;
        return (ka - kb) * sign;
      }
      return a.finderIndex - b.finderIndex;
    });
  }

  function sortButtons() {
    headers.filter((th) => th.hasAttribute('data-sortable')).forEach((th) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'finder-sort';
      button.textContent = th.textContent;
      const mark = document.createElement('span');
      mark.className = 'finder-sort-mark';
      mark.setAttribute('aria-hidden', 'true');
      button.appendChild(mark);
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', () => {
        const state = formState();
        const key = th.getAttribute('data-key');
        state.order = state.sort === key && state.order === 'asc' ? 'desc' : 'asc';
        state.sort = key;
        remember(state);
        show(state);
      });
    });
  }

  // ---- Showing a state ----

  function show(state) {
    selects.forEach((select) => { select.value = state[select.name]; });
    let shown = 0;
    const fragment = document.createDocumentFragment();
    sorted(state).forEach((row) => {
      const visible = matches(row, state);
      row.hidden = !visible;
      if (visible) shown += 1;
      fragment.appendChild(row);
    });
    body.appendChild(fragment);
    // A chosen year shows only its own columns among the yearly ones.
    headers.forEach((th, column) => {
      const year = th.getAttribute('data-year');
      const hidden = Boolean(year && state.year && year !== state.year);
      th.hidden = hidden;
      rows.forEach((row) => { if (row.cells[column]) row.cells[column].hidden = hidden; });
      const key = th.getAttribute('data-key');
      if (th.hasAttribute('data-sortable') && key === state.sort) {
        th.setAttribute('aria-sort', state.order === 'desc' ? 'descending' : 'ascending');
      } else {
        th.removeAttribute('aria-sort');
      }
      const mark = th.querySelector('.finder-sort-mark');
      if (mark) mark.textContent = key === state.sort ? (state.order === 'desc' ? ' ▼' : ' ▲') : '';
    });
    count.textContent = shown + '件の' + noun;
  }

  form.addEventListener('change', () => {
    const state = formState();
    remember(state);
    show(state);
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    const state = { sort: '', order: 'asc' };
    selects.forEach((select) => { state[select.name] = ''; });
    remember(state);
    show(state);
  });
  window.addEventListener('popstate', () => show(readState()));

  sortButtons();
  form.hidden = false;
  show(readState());
}());
