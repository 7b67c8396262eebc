// Staff page: ask (answer with citation markers that open the quoted passage), search
// (ranked passages, query words highlighted), the article view (whole article, cited
// passage highlighted and scrolled into view) and documents (upload, list, delete, behind
// the admin token, which is held in this script's memory only). Plain DOM, no framework, no network beyond
// this server. All text from the server or the user is inserted as text nodes, never as HTML.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const MAX = 500;

  // The page's words come from the server's texts bundle (page.js.* keys), in a JSON data
  // block of index.html, so a deployment rewords them without a build.
  const TEXTS = JSON.parse(($('page-texts') && $('page-texts').textContent) || '{}');

  /** The text of a key with {0}, {1}… filled in; the key itself when the server sent none. */
  function t(key, ...values) {
    const text = TEXTS[key];
    if (typeof text !== 'string') return key;
    return text.replace(/\{(\d+)\}/g, (m, i) => (values[i] === undefined ? m : String(values[i])));
  }

  // ---- small DOM helpers ---------------------------------------------------------------

  /** Creates an element; props sets attributes ("class", "text" for textContent); children are nodes or strings. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c !== undefined && c !== null) node.append(c);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function setStatus(node, text, isError) {
    node.textContent = text || '';
    node.classList.toggle('error', !!isError);
  }

  /** "标题（日期）", then the PDF page the quote starts on ("（第3页）") and the scan mark when there are. */
  function sourceLabel(title, date, ocr, page) {
    return t('source.line', title || t('untitled'), date || t('source.no-date'))
      + (page ? t('source.page', page) : '') + (ocr ? t('source.ocr') : '');
  }

  // ---- server calls --------------------------------------------------------------------

  async function api(url, options) {
    let response;
    try {
      response = await fetch(url, options);
    } catch (e) {
      throw new Error(t('offline'));
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      // Not JSON: reported below by status.
    }
    if (!response.ok) {
      const wait = response.headers.get('Retry-After');
      let message = body && body.error ? body.error : t('server-status', response.status);
      if (wait && !(body && body.error)) message += t('retry-after', wait);
      throw new Error(message);
    }
    return body;
  }

  const passages = new Map();
  function passage(id) {
    if (!passages.has(id)) {
      passages.set(id, api('/api/passages/' + encodeURIComponent(id)).catch((e) => {
        passages.delete(id);
        throw e;
      }));
    }
    return passages.get(id);
  }

  // ---- highlighting --------------------------------------------------------------------

  /** Ranges [start, end) of `needle` in `text`, ignoring whitespace on both sides; sentence by sentence if the whole is not there. */
  function looseRanges(text, needle) {
    const index = [];
    let squeezed = '';
    for (let i = 0; i < text.length; i++) {
      if (!/\s/.test(text[i])) {
        index.push(i);
        squeezed += text[i];
      }
    }
    const find = (part) => {
      const p = part.replace(/\s+/g, '');
      if (p.length < 2) return null;
      const at = squeezed.indexOf(p);
      return at < 0 ? null : [index[at], index[at + p.length - 1] + 1];
    };
    const whole = find(needle || '');
    if (whole) return [whole];
    const ranges = [];
    for (const sentence of (needle || '').split(/(?<=[。！？；!?;])/)) {
      const r = find(sentence);
      if (r) ranges.push(r);
    }
    return ranges.sort((a, b) => a[0] - b[0]);
  }

  /** Ranges of any of the terms (longest first, case-insensitive). */
  function termRanges(text, terms) {
    const words = (terms || []).filter((t) => t && t.trim()).sort((a, b) => b.length - a.length);
    if (!words.length) return [];
    const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
    const ranges = [];
    let m;
    while ((m = pattern.exec(text)) !== null) {
      if (m[0].length === 0) { pattern.lastIndex++; continue; }
      const last = ranges[ranges.length - 1];
      // Adjacent words ("口袋" + "公园") read as one highlight.
      if (last && m.index <= last[1]) last[1] = Math.max(last[1], m.index + m[0].length);
      else ranges.push([m.index, m.index + m[0].length]);
    }
    return ranges;
  }

  /** Text with the ranges wrapped in <mark class="cls">, as safe DOM nodes. */
  function marked(text, ranges, cls) {
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [start, end] of ranges) {
      if (start < pos) continue;
      if (start > pos) frag.append(text.slice(pos, start));
      frag.append(el('mark', { class: cls, text: text.slice(start, end) }));
      pos = end;
    }
    if (pos < text.length) frag.append(text.slice(pos));
    return frag;
  }

  // ---- tabs ----------------------------------------------------------------------------

  const tabs = [$('tab-ask'), $('tab-search'), $('tab-docs')];
  function selectTab(tab, focus) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
    if (focus) tab.focus();
    if (tab === $('tab-docs')) docsShown();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => {
      selectTab(tab, false);
      activeInput().focus();
    });
    tab.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        selectTab(tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length], true);
      }
    });
  });
  function activeInput() {
    if (!$('panel-docs').hidden) return adminToken ? $('docs-drop') : $('docs-token');
    return $('panel-ask').hidden ? $('search-input') : $('ask-input');
  }

  // ---- ask -----------------------------------------------------------------------------

  let askSeq = 0;
  const askInput = $('ask-input');
  const askCount = $('ask-count');
  askInput.addEventListener('input', () => {
    const n = [...askInput.value].length;
    askCount.textContent = n + ' / ' + MAX;
  });
  askInput.addEventListener('keydown', (e) => {
    // Enter submits; not while an input method is composing Chinese characters.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      $('ask-form').requestSubmit();
    }
  });

  $('ask-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const question = askInput.value.trim();
    if (!question) {
      setStatus($('ask-status'), t('ask.empty'), true);
      return;
    }
    ask({ question }, null);
  });

  /** Asks the server and shows the answer; `followUp` is {option, original} when an option of a clarify answer was chosen. */
  async function ask(body, followUp) {
    const status = $('ask-status');
    const seq = ++askSeq;
    // The day asked about, when one is chosen: answers prefer the documents in force that day.
    const day = $('ask-as-of').value;
    if (day) body = Object.assign({}, body, { asOf: day });
    const button = $('ask-button');
    button.disabled = true;
    setStatus(status, followUp ? t('ask.asking-option', followUp.option) : t('ask.asking'));
    const started = performance.now();
    try {
      const answer = await api('/api/ask', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (seq !== askSeq) return;
      renderAnswer(answer, followUp);
      setStatus(status, t('took', Math.round(performance.now() - started)));
    } catch (err) {
      if (seq !== askSeq) return;
      setStatus(status, t('error', err.message), true);
    } finally {
      if (seq === askSeq) button.disabled = false;
    }
  }

  /** The badge that says how the articles cover the question; from `outcome`, or from the confidence for older servers. */
  function coverageBadge(a) {
    switch (a.outcome) {
      case 'declined': return el('span', { class: 'badge', text: t('badge.declined') });
      case 'related': return el('span', { class: 'badge related', text: t('badge.related') });
      case 'clarify': return el('span', { class: 'badge clarify', text: t('badge.clarify') });
      case 'answered': return null;
      default:
        if (a.declined) return el('span', { class: 'badge', text: t('badge.declined') });
        if (typeof a.confidence === 'number' && a.confidence < 0.5) return el('span', { class: 'badge weak', text: t('badge.weak') });
        return null;
    }
  }

  /** A clarify answer's text without the numbered option lines: the options are shown as buttons. */
  function withoutOptionLines(text, options) {
    return text.split('\n').filter((line) => {
      const m = /^\s*\d{1,2}[.、．]\s*(.+?)\s*$/.exec(line);
      return !(m && options.includes(m[1]));
    }).join('\n').trim();
  }

  function renderAnswer(a, followUp) {
    const box = $('ask-result');
    clear(box);
    const byN = new Map(a.citations.map((c) => [c.n, c]));
    const options = a.outcome === 'clarify' && Array.isArray(a.options) ? a.options : [];
    const card = el('div', { class: 'answer' + (a.declined ? ' declined' : ''), 'data-mode': a.mode, 'data-outcome': a.outcome });
    const badges = el('div', { class: 'badges' },
      el('span', { class: 'badge', text: a.mode === 'llm' ? t('badge.llm') : t('badge.extractive') }), coverageBadge(a));
    card.append(badges);
    if (followUp) {
      card.append(el('p', { class: 'follow-up', text: t('follow-up', followUp.option, followUp.original) }));
    }

    const text = el('p', { class: 'answer-text', id: 'answer-text' });
    const context = el('div', { class: 'context', id: 'citation-context', hidden: true, tabindex: '-1' });
    const parts = (options.length ? withoutOptionLines(a.answer, options) : a.answer).split(/(\[\d+\])/);
    for (const part of parts) {
      const m = /^\[(\d+)\]$/.exec(part);
      const c = m && byN.get(Number(m[1]));
      if (c) {
        text.append(el('button', {
          type: 'button', class: 'cite', 'data-n': c.n, 'aria-expanded': 'false', 'aria-controls': 'citation-context',
          title: t('cite.title', sourceLabel(c.title, c.date, c.ocr, c.page)), text: '[' + c.n + ']',
          onclick: (ev) => toggleCitation(ev.currentTarget, c, context),
        }));
      } else if (part) {
        text.append(part);
      }
    }
    card.append(text, context);

    if (options.length) {
      // Each option asks the question again for that choice, with the original question as context.
      const original = a.question;
      card.append(el('div', { class: 'options', role: 'group', 'aria-label': t('options.label') },
        ...options.map((option) => el('button', {
          type: 'button', class: 'option', text: option,
          onclick: () => ask({ question: option, context: [original] }, { option, original }),
        }))));
    }

    if (a.citations.length) {
      const list = el('ol', { class: 'sources', 'aria-label': t('sources.label') });
      for (const c of a.citations) {
        list.append(el('li', {},
          el('span', { class: 'src-title', text: '[' + c.n + '] ' + sourceLabel(c.title, c.date, c.ocr, c.page) }),
          ' ',
          el('button', { type: 'button', class: 'link', text: t('open-in-article'), onclick: () => openArticleAt(c.passageId, c.quote) }),
          el('p', { class: 'src-quote', text: '“' + c.quote + '”' })));
      }
      card.append(list);
    }
    box.append(card);
  }

  async function toggleCitation(button, c, context) {
    const open = button.getAttribute('aria-expanded') === 'true';
    for (const b of document.querySelectorAll('button.cite')) b.setAttribute('aria-expanded', 'false');
    if (open) {
      context.hidden = true;
      return;
    }
    button.setAttribute('aria-expanded', 'true');
    clear(context);
    context.hidden = false;
    context.append(el('div', { class: 'ctx-head', text: t('context.loading', '[' + c.n + '] ' + sourceLabel(c.title, c.date, c.ocr, c.page)) }));
    let p;
    try {
      p = await passage(c.passageId);
    } catch (err) {
      clear(context);
      context.append(el('div', { class: 'ctx-head', text: '[' + c.n + '] ' + sourceLabel(c.title, c.date, c.ocr, c.page) }),
        el('p', { class: 'passage-text' }, marked(c.quote, [[0, c.quote.length]], 'quote')),
        el('p', { class: 'status error', text: t('context.failed', err.message) }));
      return;
    }
    if (button.getAttribute('aria-expanded') !== 'true') return;
    clear(context);
    context.append(el('div', { class: 'ctx-head' },
      '[' + c.n + '] ' + sourceLabel(p.title, p.date, false, c.page) + (p.section ? ' · ' + p.section : '')));
    const body = p.section && p.text.startsWith(p.section + '\n') ? p.text.slice(p.section.length + 1) : p.text;
    for (const line of body.split('\n')) {
      context.append(el('p', { class: 'passage-text' }, marked(line, looseRanges(line, c.quote), 'quote')));
    }
    context.append(el('button', { type: 'button', class: 'link', text: t('read-article'), onclick: () => openArticleAt(c.passageId, c.quote) }));
  }

  // ---- search --------------------------------------------------------------------------

  let searchSeq = 0;
  $('search-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = $('search-input').value.trim();
    const status = $('search-status');
    const list = $('search-results');
    if (!q) {
      setStatus(status, t('search.empty'), true);
      return;
    }
    const seq = ++searchSeq;
    $('search-button').disabled = true;
    setStatus(status, t('search.searching'));
    const started = performance.now();
    try {
      const result = await api('/api/search?k=10&q=' + encodeURIComponent(q));
      if (seq !== searchSeq) return;
      clear(list);
      for (const h of result.hits) {
        list.append(el('li', {},
          el('div', { class: 'hit-head' },
            el('span', { class: 'rank', text: '#' + h.rank }),
            el('span', { class: 'hit-title', text: h.title || t('untitled') }),
            el('span', { class: 'meta', text: (h.date || t('source.no-date')) + (h.page ? t('source.page', h.page) : '') })),
          el('p', { class: 'hit-text' }, marked(h.text, termRanges(h.text, result.terms), 'term')),
          el('button', { type: 'button', class: 'link', text: t('open-article'), onclick: () => openArticleAt(h.passageId, null) })));
      }
      setStatus(status, result.hits.length
        ? t('search.found', result.hits.length, Math.round(performance.now() - started))
        : t('search.none'));
    } catch (err) {
      if (seq !== searchSeq) return;
      setStatus(status, t('error', err.message), true);
    } finally {
      if (seq === searchSeq) $('search-button').disabled = false;
    }
  });

  // ---- article view (#/article/<id>/<passageId>) -----------------------------------------

  const quotes = new Map();

  async function openArticleAt(passageId, quote) {
    try {
      const p = await passage(passageId);
      if (quote) quotes.set(passageId, quote);
      location.hash = '#/article/' + encodeURIComponent(p.articleId) + '/' + encodeURIComponent(passageId);
    } catch (err) {
      setStatus(activeStatus(), t('error', err.message), true);
    }
  }

  function activeStatus() {
    return $('panel-ask').hidden ? $('search-status') : $('ask-status');
  }

  let cameFromHome = false;
  async function route() {
    const m = /^#\/article\/([^/]+)(?:\/([^/]+))?$/.exec(location.hash);
    const view = $('article-view');
    if (!m) {
      view.hidden = true;
      $('home').hidden = false;
      return;
    }
    const articleId = decodeURIComponent(m[1]);
    const passageId = m[2] ? decodeURIComponent(m[2]) : null;
    let article;
    try {
      article = await api('/api/articles/' + encodeURIComponent(articleId));
    } catch (err) {
      setStatus(activeStatus(), t('error', err.message), true);
      history.replaceState(null, '', location.pathname);
      return;
    }
    renderArticle(article, passageId, passageId ? quotes.get(passageId) : null);
    $('home').hidden = true;
    view.hidden = false;
    $('article-title').focus({ preventScroll: true });
    const target = view.querySelector('p.in-passage');
    if (target) target.scrollIntoView({ block: 'center' });
    else window.scrollTo(0, 0);
  }

  function renderArticle(a, passageId, quote) {
    $('article-title').textContent = a.title || t('untitled');
    $('article-subtitle').textContent = a.subtitle || '';
    $('article-subtitle').hidden = !a.subtitle;
    $('article-meta').textContent = [a.date || t('source.no-date'), a.source, a.byline, a.file].filter(Boolean).join(' · ');
    const standing = validityText(a.validity);
    $('article-validity').textContent = standing;
    $('article-validity').hidden = !standing;
    const cited = new Set();
    const p = passageId && a.passages.find((x) => x.passageId === passageId);
    if (p) p.paragraphs.forEach((i) => cited.add(i));
    const body = $('article-body');
    clear(body);
    for (const s of a.sections) {
      if (s.heading) body.append(el('h3', { text: s.heading }));
      for (const para of s.paragraphs) {
        const inPassage = cited.has(para.index);
        const ranges = inPassage && quote ? looseRanges(para.text, quote) : [];
        body.append(el('p', { class: inPassage ? 'in-passage' : null, 'data-index': para.index },
          marked(para.text, ranges, 'quote')));
      }
    }
  }

  /** What the article view says of a document not in force today; '' for one in force or with no dates. */
  function validityText(v) {
    if (!v) return '';
    switch (v.status) {
      case 'expired': return t('validity.expired', v.date || '');
      case 'superseded': return t('validity.superseded', v.by || '');
      case 'not-yet-in-force': return t('validity.not-yet', v.date || '');
      default: return '';
    }
  }

  function back() {
    if (cameFromHome) history.back();
    else location.hash = '';
  }
  $('article-back').addEventListener('click', back);
  window.addEventListener('hashchange', () => {
    cameFromHome = true;
    route();
  });

  // ---- documents ---------------------------------------------------------------------------

  // The admin token lives in this variable only: never in storage or cookies, so it is gone
  // with the page and a reload asks for it again.
  let adminToken = null;

  /** An admin call: resolves to {status, body}; rejects only when the server cannot be reached. */
  async function admin(method, url, body) {
    let response;
    try {
      response = await fetch(url, { method, body, headers: { Authorization: 'Bearer ' + adminToken } });
    } catch (e) {
      throw new Error(t('offline'));
    }
    let json = null;
    try {
      json = await response.json();
    } catch (e) {
      // Not JSON: the status says what happened.
    }
    if (response.status === 401 || response.status === 404 && json && /CHATBOT_ADMIN_TOKEN/.test(json.error || '')) {
      adminToken = null;
      showDocs();
      throw new Error(response.status === 401 ? t('docs.token-wrong') : t('docs.off'));
    }
    return { status: response.status, body: json };
  }

  function showDocs() {
    $('docs-token-form').hidden = !!adminToken;
    $('docs-manage').hidden = !adminToken;
  }

  function docsShown() {
    showDocs();
    if (adminToken) loadDocs();
  }

  $('docs-token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const token = $('docs-token').value.trim();
    if (!token) return;
    adminToken = token;
    $('docs-token').value = '';
    showDocs();
    loadDocs().then(() => $('docs-drop').focus());
  });

  async function loadDocs() {
    const status = $('docs-status');
    setStatus(status, t('docs.loading'));
    try {
      const r = await admin('GET', '/api/admin/documents');
      if (r.status !== 200) throw new Error((r.body && r.body.error) || t('server-status', r.status));
      renderDocs(r.body.documents || []);
      setStatus(status, '');
    } catch (err) {
      setStatus(status, t('error', err.message), true);
      if (!adminToken) $('docs-token').focus();
    }
  }

  function size(bytes) {
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
    return (bytes / 1024 / 1024).toFixed(1) + ' MB';
  }

  function renderDocs(docs) {
    const rows = $('docs-rows');
    clear(rows);
    $('docs-caption').textContent = t('docs.count', docs.length);
    for (const d of docs) {
      const about = el('div', { class: 'doc-about' });
      const standing = validityText(d.validity);
      const meta = [d.date, d.articles.length ? t('docs.articles', d.articles.length) : null, d.sidecar ? t('docs.sidecar', d.sidecar) : null];
      about.append(
        el('div', { class: 'doc-file', text: d.file }),
        d.title ? el('div', { class: 'doc-title', text: d.title }) : '',
        el('div', { class: 'meta', text: meta.filter(Boolean).join(' · ') }),
        standing ? el('div', { class: 'validity', text: standing }) : '');
      if (d.problems && d.problems.length) {
        const list = el('ul', { class: 'doc-problems' });
        d.problems.forEach((p) => list.append(el('li', { text: p })));
        about.append(list);
      }
      const actions = el('td', { class: 'doc-actions' });
      actions.append(el('button', { type: 'button', class: 'link doc-delete', text: t('docs.delete'),
        'aria-label': t('docs.delete-label', d.file), onclick: () => confirmDelete(actions, d.file) }));
      rows.append(el('tr', { 'data-file': d.file, class: 'doc-' + d.status },
        el('td', null, about),
        el('td', null, el('span', { class: 'badge doc-status ' + d.status, text: statusText(d.status) })),
        el('td', { class: 'num', text: String(d.passages) }),
        el('td', { class: 'num', text: size(d.bytes) }),
        actions));
    }
  }

  function statusText(status) {
    switch (status) {
      case 'indexed': return t('docs.status.indexed');
      case 'pending': return t('docs.status.pending');
      default: return t('docs.status.skipped');
    }
  }

  /** The confirm step of a deletion, in the row itself: the page allows no dialogs of its own. */
  function confirmDelete(cell, file) {
    clear(cell);
    const no = el('button', { type: 'button', class: 'link', text: t('docs.confirm-no'), onclick: () => loadDocs() });
    const yes = el('button', { type: 'button', class: 'danger doc-confirm', text: t('docs.confirm-yes'),
      onclick: () => removeDoc(file) });
    cell.append(el('span', { class: 'doc-question', text: t('docs.confirm', file) }), yes, no);
    no.focus();
  }

  async function removeDoc(file) {
    const status = $('docs-status');
    setStatus(status, t('docs.deleting', file));
    try {
      const r = await admin('DELETE', '/api/admin/documents/' + encodeURIComponent(file));
      if (r.status !== 200) throw new Error((r.body && r.body.error) || t('server-status', r.status));
      await loadDocs();
      setStatus(status, t('docs.deleted', file));
    } catch (err) {
      setStatus(status, t('error', err.message), true);
    }
  }

  async function uploadDocs(files) {
    if (!files || !files.length || !adminToken) return;
    const status = $('docs-status');
    const results = $('docs-results');
    clear(results);
    setStatus(status, t('docs.uploading', files.length));
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    try {
      const r = await admin('POST', '/api/admin/documents', form);
      const outcomes = (r.body && r.body.files) || [];
      for (const o of outcomes) {
        const line = o.status === 'refused' ? t('docs.result.refused', o.file, o.reason)
          : o.status === 'replaced' ? t('docs.result.replaced', o.file, o.articles, o.passages)
            : t('docs.result.added', o.file, o.articles, o.passages);
        results.append(el('li', { class: 'doc-result ' + o.status, text: line + (o.renamed ? '（' + o.renamed + '）' : '') }));
      }
      const taken = outcomes.filter((o) => o.status !== 'refused').length;
      if (!outcomes.length) throw new Error((r.body && r.body.error) || t('server-status', r.status));
      await loadDocs();
      setStatus(status, t('docs.uploaded', taken, outcomes.length - taken), taken === 0);
    } catch (err) {
      setStatus(status, t('error', err.message), true);
    } finally {
      $('docs-file').value = '';
    }
  }

  const drop = $('docs-drop');
  drop.addEventListener('click', () => $('docs-file').click());
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      $('docs-file').click();
    }
  });
  $('docs-file').addEventListener('change', () => uploadDocs($('docs-file').files));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    uploadDocs(e.dataTransfer && e.dataTransfer.files);
  });

  // ---- keyboard --------------------------------------------------------------------------

  document.addEventListener('keydown', (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
    if (e.key === 'Escape' && !$('article-view').hidden) {
      e.preventDefault();
      back();
    } else if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      if (!$('article-view').hidden) back();
      activeInput().focus();
    }
  });

  route();
  askInput.focus();
})();
