// @ts-check
/**
 * The recorder's page for assisted coding: an article in, its candidate records out,
 * each highlighted in the text, edited in place, then accepted (recorded) or rejected.
 * Nothing is recorded until the recorder presses Accept.
 *
 * @typedef {import('./api.js').Schemas} Schemas
 * @typedef {Schemas['SuggestionDto']} Suggestion
 * @typedef {Schemas['ArticleSuggestionsDto']} ArticleSuggestions
 * @typedef {Schemas['ActorResolutionDto']} Resolution
 * @typedef {Schemas['Problem']} Problem
 * @typedef {{ id: string }} Receipt
 */
import { ApiError, explain, forgetKey, storedKey, storeKey } from './api.js';
import { byId, h } from './dom.js';

const ui = {
  keyForm: byId('key-form', HTMLFormElement),
  key: byId('key', HTMLInputElement),
  forgetKey: byId('forget-key', HTMLButtonElement),
  status: byId('status', HTMLParagraphElement),
  problem: byId('problem', HTMLParagraphElement),
  form: byId('article-form', HTMLFormElement),
  text: byId('text', HTMLTextAreaElement),
  outlet: byId('outlet', HTMLInputElement),
  title: byId('title', HTMLInputElement),
  url: byId('url', HTMLInputElement),
  publishedAt: byId('published-at', HTMLInputElement),
  coding: byId('coding', HTMLElement),
  article: byId('article', HTMLDivElement),
  cards: byId('cards', HTMLOListElement),
  counts: byId('counts', HTMLSpanElement),
  acceptAll: byId('accept-all', HTMLButtonElement),
  rejectAll: byId('reject-all', HTMLButtonElement),
};

/** The record kinds a suggestion may become, as `POST /records` names them. */
const KINDS = ['statement', 'threat', 'denial', 'action'];
const PRECISIONS = ['day', 'month', 'year', 'instant'];

/** @type {{ text: string, suggestions: Suggestion[] }} */
const state = { text: '', suggestions: [] };

/**
 * Each card's accept and reject, for the "all" buttons.
 *
 * @type {Map<string, { accept: () => Promise<boolean>, reject: () => Promise<boolean>, resolved: () => boolean }>}
 */
const cardActions = new Map();

/** @param {string} message @param {'busy' | 'ok' | 'error'} [kind] */
function say(message, kind = 'ok') {
  ui.status.textContent = message;
  ui.status.dataset.kind = kind;
}

/** A problem the API answered (its problem+json `detail`), in the alert region. */
function fail(/** @type {unknown} */ error) {
  ui.problem.textContent = explain(error);
  ui.problem.hidden = false;
  say('', 'error');
}

function clearProblem() {
  ui.problem.hidden = true;
  ui.problem.textContent = '';
}

/**
 * POSTs JSON with the stored key; a refusal becomes an {@link ApiError} with its problem.
 *
 * @template T
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<T>}
 */
async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${storedKey()}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  /** @type {unknown} */
  let answer;
  try {
    answer = await response.json();
  } catch {
    answer = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, path, /** @type {Problem} */ (answer));
  return /** @type {T} */ (answer);
}

ui.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = ui.key.value.trim();
  if (key === '') return;
  storeKey(key);
  ui.key.value = '';
  say('Key set. Paste an article and press Suggest.');
});
ui.forgetKey.addEventListener('click', () => {
  forgetKey();
  say('Key forgotten. Enter a recorder API key above.');
});
say(storedKey() === '' ? 'Enter a recorder API key above.' : 'Paste an article and press Suggest.');

// A dropped .txt file fills the text box: the recorder's article stays on this machine until sent.
ui.text.addEventListener('dragover', (event) => event.preventDefault());
ui.text.addEventListener('drop', (event) => {
  const file = event.dataTransfer?.files[0];
  if (file === undefined) return;
  event.preventDefault();
  void file.text().then((text) => {
    ui.text.value = text;
  });
});

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  void suggest();
});

async function suggest() {
  clearProblem();
  const text = ui.text.value;
  /** @type {Record<string, string>} */
  const body = { text };
  if (ui.outlet.value.trim()) body.outlet = ui.outlet.value.trim();
  if (ui.title.value.trim()) body.title = ui.title.value.trim();
  if (ui.url.value.trim()) body.url = ui.url.value.trim();
  // datetime-local has no zone: read as the browser's local time, sent as an instant.
  if (ui.publishedAt.value) body.publishedAt = new Date(ui.publishedAt.value).toISOString();
  say('Reading the article…', 'busy');
  try {
    /** @type {ArticleSuggestions} */
    const answer = await postJson('/coding/suggestions', body);
    state.text = text;
    state.suggestions = answer.suggestions;
    render();
    const hidden = answer.hiddenAsRejected
      ? ` (${answer.hiddenAsRejected} rejected before, not shown)`
      : '';
    say(`${answer.suggestions.length} candidates in ${answer.article.words} words${hidden}.`);
  } catch (error) {
    fail(error);
  }
}

function render() {
  renderArticle();
  cardActions.clear();
  ui.cards.replaceChildren(...state.suggestions.map(card));
  ui.coding.hidden = false;
  count();
}

/** The text with each candidate's quote in a `<mark>` at its offsets; overlaps keep the first. */
function renderArticle() {
  const sorted = [...state.suggestions].sort((a, b) => a.quote.start - b.quote.start);
  /** @type {(Node | string)[]} */
  const parts = [];
  let at = 0;
  for (const s of sorted) {
    if (s.quote.start < at) continue;
    parts.push(state.text.slice(at, s.quote.start));
    const mark = h(
      'mark',
      { id: `mark-${s.id}`, 'data-id': s.id, tabindex: 0, title: s.kind },
      state.text.slice(s.quote.start, s.quote.end),
    );
    mark.classList.add(`mark--${s.kind}`);
    mark.addEventListener('click', () => select(s.id));
    mark.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') select(s.id);
    });
    parts.push(mark);
    at = s.quote.end;
  }
  parts.push(state.text.slice(at));
  ui.article.replaceChildren(...parts);
}

/** Marks one candidate's card and quote as selected and brings the card into view. */
function select(/** @type {string} */ id) {
  for (const el of document.querySelectorAll('.selected')) el.classList.remove('selected');
  const card = document.getElementById(`card-${id}`);
  card?.classList.add('selected');
  document.getElementById(`mark-${id}`)?.classList.add('selected');
  card?.scrollIntoView({ block: 'nearest' });
  card?.querySelector('input')?.focus();
}

/** @param {Resolution} resolution */
function actorOptions(resolution) {
  return resolution.candidates.map((c) =>
    h('option', { value: c.actorId }, `${c.name} (${Math.round(c.score * 100)}%)`),
  );
}

/**
 * A labelled field; the label wraps the control so every input has its accessible name.
 *
 * @param {string} text
 * @param {HTMLElement} control
 */
function field(text, control) {
  return h('label', { class: 'field' }, `${text} `, control);
}

/** @param {Suggestion} s */
function card(s) {
  const who = (/** @type {Resolution} */ r) =>
    r.resolved ? r.resolved.name : r.span ? `“${r.span.text}” (unresolved)` : 'unresolved';
  const source = h('input', {
    name: 'source',
    list: `source-${s.id}`,
    value: s.speaker.resolved?.actorId ?? '',
    spellcheck: 'false',
  });
  const target = h('input', {
    name: 'target',
    list: `target-${s.id}`,
    value: s.target.resolved?.actorId ?? '',
    spellcheck: 'false',
  });
  const kind = h(
    'select',
    { name: 'kind' },
    ...KINDS.map((k) => h('option', { value: k, selected: k === s.kind }, k)),
  );
  // The top three codes as a datalist, so a code outside them can still be typed.
  const code = h('input', {
    name: 'code',
    list: `code-${s.id}`,
    value: s.cameo[0]?.code ?? '',
    spellcheck: 'false',
    size: 5,
  });
  const codes = h(
    'datalist',
    { id: `code-${s.id}` },
    ...s.cameo.map((c) =>
      h('option', { value: c.code }, `${c.code} ${c.label} (${Math.round(c.score * 100)}%)`),
    ),
  );
  const tone = h('input', {
    name: 'tone',
    type: 'number',
    min: -10,
    max: 10,
    step: 1,
    value: s.tone.value,
  });
  const occurredAt = h('input', {
    name: 'occurredAt',
    type: 'date',
    value: s.date?.occurredAt.slice(0, 10) ?? '',
  });
  const suggestedPrecision =
    s.date?.precision === 'hour' || s.date?.precision === 'minute'
      ? 'instant'
      : (s.date?.precision ?? 'day');
  const precision = h(
    'select',
    { name: 'precision' },
    ...PRECISIONS.map((p) => h('option', { value: p, selected: p === suggestedPrecision }, p)),
  );
  const accept = h('button', { type: 'button', class: 'accept' }, 'Accept');
  const reject = h('button', { type: 'button', class: 'reject' }, 'Reject');
  const outcome = h('p', { class: 'outcome', 'aria-live': 'polite' });

  const item = h(
    'li',
    {
      id: `card-${s.id}`,
      class: 'card',
      'data-id': s.id,
      'data-status': s.status,
      'aria-label': `Candidate: ${s.quote.text.slice(0, 60)}`,
    },
    h('blockquote', {}, s.quote.text),
    h(
      'p',
      { class: 'hint' },
      `${who(s.speaker)} → ${who(s.target)} · ${s.kind} · tone: ${s.tone.basis}`,
      s.date ? ` · date: ${s.date.basis}` : '',
    ),
    h(
      'div',
      { class: 'fields' },
      field('Source', source),
      h('datalist', { id: `source-${s.id}` }, ...actorOptions(s.speaker)),
      field('Target', target),
      h('datalist', { id: `target-${s.id}` }, ...actorOptions(s.target)),
      field('Kind', kind),
      field('CAMEO code', code),
      codes,
      field('Tone', tone),
      field('Occurred on', occurredAt),
      field('Precision', precision),
    ),
    h('p', { class: 'actions' }, accept, reject),
    outcome,
  );
  item.addEventListener('click', () =>
    document.getElementById(`mark-${s.id}`)?.classList.add('selected'),
  );

  /** Only what the recorder changed goes as edits, so the record's metadata names just those. */
  function edits() {
    /** @type {Record<string, string | number>} */
    const changed = {};
    if (source.value.trim() !== (s.speaker.resolved?.actorId ?? ''))
      changed.source = source.value.trim();
    if (target.value.trim() !== (s.target.resolved?.actorId ?? ''))
      changed.target = target.value.trim();
    if (kind.value !== s.kind) changed.kind = kind.value;
    if (code.value.trim() !== (s.cameo[0]?.code ?? '')) changed.code = code.value.trim();
    if (tone.value !== '' && Number(tone.value) !== s.tone.value) changed.tone = Number(tone.value);
    const day = s.date?.occurredAt.slice(0, 10) ?? '';
    if (
      occurredAt.value !== '' &&
      (occurredAt.value !== day || precision.value !== suggestedPrecision)
    ) {
      // A day picked here is that day at noon UTC: the middle of the day in most places.
      changed.occurredAt =
        occurredAt.value === day && s.date ? s.date.occurredAt : `${occurredAt.value}T12:00:00Z`;
      changed.precision = precision.value;
    }
    return changed;
  }

  async function doAccept() {
    clearProblem();
    try {
      /** @type {Receipt} */
      const receipt = await postJson(`/coding/suggestions/${s.id}/accept`, { edits: edits() });
      settle('accepted');
      const dyad = new URLSearchParams({
        source: source.value.trim(),
        target: target.value.trim(),
      });
      outcome.replaceChildren(
        'Recorded as ',
        h('code', { class: 'record-id' }, receipt.id),
        ' · ',
        h('a', { href: `/#${dyad.toString()}`, class: 'timeline-link' }, 'see it on the timeline'),
      );
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  async function doReject() {
    clearProblem();
    try {
      await postJson(`/coding/suggestions/${s.id}/reject`, {});
      settle('rejected');
      outcome.replaceChildren('Rejected: not offered again for this article.');
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  /** @param {'accepted' | 'rejected'} status */
  function settle(status) {
    s.status = status;
    item.dataset.status = status;
    for (const control of item.querySelectorAll('input, select, button'))
      /** @type {HTMLInputElement} */ (control).disabled = true;
    document.getElementById(`mark-${s.id}`)?.classList.add(`mark--${status}`);
    count();
  }

  accept.addEventListener('click', () => void doAccept());
  reject.addEventListener('click', () => void doReject());
  cardActions.set(s.id, {
    accept: doAccept,
    reject: doReject,
    resolved: () => source.value.trim() !== '' && target.value.trim() !== '',
  });
  if (s.status !== 'open') settle(s.status);
  return item;
}

function count() {
  const by = (/** @type {string} */ status) =>
    state.suggestions.filter((s) => s.status === status).length;
  ui.counts.textContent = `${by('open')} open, ${by('accepted')} accepted, ${by('rejected')} rejected`;
}

/** Runs one action per open card, in order (one request at a time, so problems read in order). */
async function eachOpen(/** @type {'accept' | 'reject'} */ action) {
  let done = 0;
  for (const s of state.suggestions) {
    const actions = cardActions.get(s.id);
    if (s.status !== 'open' || actions === undefined) continue;
    if (action === 'accept' && !actions.resolved()) continue;
    if (await actions[action]()) done++;
  }
  say(`${done} ${action === 'accept' ? 'accepted' : 'rejected'}.`);
}

ui.acceptAll.addEventListener('click', () => void eachOpen('accept'));
ui.rejectAll.addEventListener('click', () => void eachOpen('reject'));
