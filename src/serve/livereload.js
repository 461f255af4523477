// Live reload for `shinchoku serve` (never part of a built site): reloads
// the page after each rebuild, and shows build errors over the page until
// the files are fixed.
(() => {
  'use strict';
  // The version of the site this page is: the server sends `reload` at once
  // if it has rebuilt since (after the first event, EventSource sends the
  // last event's id itself).
  const version = document.currentScript && document.currentScript.dataset.version;
  const events = new EventSource('/__shinchoku/events' + (version ? '?seen=' + encodeURIComponent(version) : ''));
  let messages = null;

  events.addEventListener('reload', () => location.reload());
  // A failed rebuild. EventSource also fires a plain `error` Event, without
  // data, when the connection drops; it reconnects by itself then.
  events.addEventListener('error', (event) => {
    if (event instanceof MessageEvent) showErrors(event.data);
  });

  function showErrors(text) {
    if (messages) {
      messages.textContent = text;
      return;
    }
    // Styles through the DOM, not style attributes: allowed even under a
    // strict Content-Security-Policy.
    const overlay = document.createElement('div');
    overlay.setAttribute('role', 'alert');
    Object.assign(overlay.style, {
      position: 'fixed', inset: '0', zIndex: '2147483647', overflow: 'auto', boxSizing: 'border-box',
      padding: '1.5rem', background: '#fff', color: '#1a1a1a', borderTop: '6px solid #b00020',
      font: '16px/1.7 sans-serif', textAlign: 'left',
    });
    const heading = document.createElement('h2');
    heading.textContent = 'サイトを作れませんでした';
    Object.assign(heading.style, { margin: '0 0 1rem', color: '#b00020', fontSize: '1.5rem' });
    messages = document.createElement('pre');
    messages.textContent = text;
    Object.assign(messages.style, { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', font: '15px/1.6 monospace' });
    const note = document.createElement('p');
    note.textContent = 'ファイルを直して保存すると、このページは自動で読み込み直されます。';
    overlay.append(heading, messages, note);
    document.body.append(overlay);
  }
})();
