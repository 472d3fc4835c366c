// @ts-check
import {
  ApiError,
  explain,
  forgetKey,
  getAll,
  getJson,
  getOptional,
  storedKey,
  storeKey,
} from './api.js';
import { analyticsFor } from './analytics.js';
import { measureChart, reciprocityChart, volatilityChart } from './chart.js';
import { download, toCsv } from './csv.js';
import { byId, formatInstant, h } from './dom.js';
import { renderDetail, renderReciprocityTable, renderThreatBoard, showTooltip } from './panels.js';

/**
 * @typedef {import('./api.js').Actor} Actor
 * @typedef {import('./api.js').RecordView} RecordView
 * @typedef {import('./api.js').ToneView} ToneView
 * @typedef {import('./api.js').Summary} Summary
 * @typedef {import('./api.js').ThreatItem} ThreatItem
 * @typedef {import('./api.js').ToneMode} ToneMode
 * @typedef {{ source: string, target: string, mode: ToneMode, from: string, to: string, bucket: string, tz: string, weight: string, count: string }} Selection
 * @typedef {{ ms: number, label: string }} Stop
 * @typedef {import('uplot')} UPlot
 */

const ui = {
  keyForm: byId('key-form', HTMLFormElement),
  key: byId('key', HTMLInputElement),
  forgetKey: byId('forget-key', HTMLButtonElement),
  status: byId('status', HTMLParagraphElement),
  query: byId('query', HTMLFormElement),
  source: byId('source', HTMLSelectElement),
  target: byId('target', HTMLSelectElement),
  swap: byId('swap', HTMLButtonElement),
  mode: byId('mode', HTMLSelectElement),
  from: byId('from', HTMLInputElement),
  to: byId('to', HTMLInputElement),
  bucket: byId('bucket', HTMLSelectElement),
  tz: byId('tz', HTMLInputElement),
  weight: byId('weight', HTMLSelectElement),
  count: byId('count', HTMLSelectElement),
  zones: byId('zones', HTMLDataListElement),
  asOfBar: byId('asof-bar', HTMLElement),
  asOf: byId('asof', HTMLInputElement),
  asOfLabel: byId('asof-label', HTMLOutputElement),
  asOfNow: byId('asof-now', HTMLButtonElement),
  view: byId('view', HTMLElement),
  title: byId('title', HTMLHeadingElement),
  intensityChart: byId('intensity-chart', HTMLDivElement),
  toneChart: byId('tone-chart', HTMLDivElement),
  volatilityChart: byId('volatility-chart', HTMLDivElement),
  csvRecords: byId('csv-records', HTMLButtonElement),
  csvSeries: byId('csv-series', HTMLButtonElement),
  shownCount: byId('shown-count', HTMLSpanElement),
  detail: byId('detail', HTMLElement),
  reciprocity: byId('reciprocity', HTMLElement),
  credibility: byId('credibility', HTMLElement),
  threats: byId('threats', HTMLElement),
  tooltip: byId('tooltip', HTMLDivElement),
  kindFilters: byId('kind-filters', HTMLParagraphElement),
};

const state = {
  /** @type {Actor[]} */ actors: [],
  /** @type {Selection | null} */ selection: null,
  /** The recorded instants at which what the page shows changed, oldest first. @type {Stop[]} */
  stops: [],
  /** @type {UPlot[]} */ charts: [],
  /** @type {{ view: ToneView, records: RecordView[], asOf: string | null } | null} */ shown: null,
  /** @type {string | null} */ selectedId: null,
  threatsAll: false,
  /** Each draw takes a number; an answer for an older one is dropped. */
  drawing: 0,
};

// ---------------------------------------------------------------------------------------
// The key

ui.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = ui.key.value.trim();
  if (key === '') return say('Enter an API key (it is kept in this tab only).', 'error');
  storeKey(key);
  ui.key.value = '';
  void connect();
});

ui.forgetKey.addEventListener('click', () => {
  forgetKey();
  ui.query.hidden = true;
  ui.view.hidden = true;
  ui.asOfBar.hidden = true;
  ui.key.placeholder = 'parley_…';
  say('The key is forgotten. Enter a key to read the timeline.');
});

/**
 * @param {string} text
 * @param {'info' | 'error' | 'busy'} [kind]
 */
function say(text, kind = 'info') {
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
}

/** @param {unknown} error */
function fail(error) {
  say(explain(error), 'error');
  if (error instanceof ApiError && error.isAccess) ui.key.focus();
}

// ---------------------------------------------------------------------------------------
// Choosing what to show

async function connect() {
  if (storedKey() === '') {
    say('Enter an API key with the analyst role to read the timeline.');
    ui.key.focus();
    return;
  }
  ui.key.placeholder = 'key in use (enter another to change)';
  say('Loading actors…', 'busy');
  try {
    /** @type {Actor[]} */
    const actors = await getAll('/actors', {});
    state.actors = actors.sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    return fail(error);
  }
  for (const select of [ui.source, ui.target])
    select.replaceChildren(
      ...state.actors.map((a) => h('option', { value: a.id }, `${a.name} (${a.id})`)),
    );
  applyHash();
  ui.query.hidden = false;
  await show();
}

/**
 * @param {string} preferred
 * @param {number} fallback
 */
function defaultActor(preferred, fallback) {
  return state.actors.some((a) => a.id === preferred)
    ? preferred
    : (state.actors[fallback]?.id ?? '');
}

/**
 * Sets the form from the address's fragment (`#source=…&target=…&mode=…`), which
 * {@link show} keeps up to date: a view can be bookmarked and sent.
 */
function applyHash() {
  const wanted = /** @type {Partial<Selection>} */ (
    Object.fromEntries(new URLSearchParams(location.hash.slice(1)))
  );
  const has = (/** @type {string | undefined} */ id) => state.actors.some((a) => a.id === id);
  ui.source.value = has(wanted.source) ? (wanted.source ?? '') : defaultActor('donald-trump', 0);
  ui.target.value = has(wanted.target) ? (wanted.target ?? '') : defaultActor('vladimir-putin', 1);
  ui.mode.value = wanted.mode ?? 'directed';
  ui.from.value = wanted.from ?? '';
  ui.to.value = wanted.to ?? '';
  ui.bucket.value = wanted.bucket ?? 'month';
  ui.tz.value = wanted.tz ?? browserZone();
  // '' is the server's default (weight none, count reports): kept out of the address and the query.
  ui.weight.value = wanted.weight ?? '';
  ui.count.value = wanted.count ?? '';
}

/** A fragment changed by hand, a link or the back button: show what it names. */
window.addEventListener('hashchange', () => {
  if (state.actors.length === 0) return;
  applyHash();
  void show();
});

/** @returns {Selection} */
function readSelection() {
  return {
    source: ui.source.value,
    target: ui.target.value,
    mode: /** @type {ToneMode} */ (ui.mode.value),
    from: ui.from.value,
    to: ui.to.value,
    bucket: ui.bucket.value,
    tz: ui.tz.value.trim() || browserZone(),
    weight: ui.weight.value,
    count: ui.count.value,
  };
}

function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

ui.query.addEventListener('submit', (event) => {
  event.preventDefault();
  void show();
});

ui.swap.addEventListener('click', () => {
  [ui.source.value, ui.target.value] = [ui.target.value, ui.source.value];
  void show();
});

/** A new selection: what changed when, then the timeline as it is known now. */
async function show() {
  const selection = readSelection();
  state.selection = selection;
  state.selectedId = null;
  const hash = new URLSearchParams(
    Object.entries(selection).filter(([, value]) => value !== ''),
  ).toString();
  history.replaceState(null, '', `#${hash}`);
  say('Loading…', 'busy');
  try {
    state.stops = await changeStops(selection);
  } catch (error) {
    return fail(error);
  }
  ui.asOf.max = String(state.stops.length);
  ui.asOf.value = String(state.stops.length);
  labelAsOf();
  ui.asOfBar.hidden = false;
  await draw();
}

// ---------------------------------------------------------------------------------------
// Reading the dyad

/**
 * The records behind a tone view: the same dyad, mode, range and `asOf`, as the server
 * picks them for the view (`GET /dyads/{source}/{target}/records`), a roll-up by the
 * affiliations valid at each record's time and known at `asOf`.
 *
 * @param {Selection} selection
 * @param {{ asOf?: string | null, from?: string, to?: string, includeRetracted?: boolean }} filter
 * @returns {Promise<RecordView[]>}
 */
function recordsFor(selection, filter) {
  const { source, target, mode } = selection;
  return getAll(`/dyads/${encodeURIComponent(source)}/${encodeURIComponent(target)}/records`, {
    mode,
    asOf: filter.asOf,
    from: filter.from,
    to: filter.to,
    includeRetracted: filter.includeRetracted,
  });
}

/**
 * Every recorded instant at which the dyad's records changed: each one's recording, and
 * each correction, retraction or outcome in the history of those that changed since.
 *
 * @param {Selection} selection
 * @returns {Promise<Stop[]>}
 */
async function changeStops(selection) {
  const records = await recordsFor(selection, { includeRetracted: true });
  /** @type {Map<number, string>} */
  const stops = new Map();
  const short = (/** @type {string | undefined} */ quote) =>
    quote === undefined
      ? '(no quote)'
      : quote.length > 48
        ? `“${quote.slice(0, 47)}…”`
        : `“${quote}”`;
  const changed = records.filter((r) => r.version > 1);
  /** @type {RecordView[]} */
  const histories = await Promise.all(
    changed.map((r) => getJson(`/records/${encodeURIComponent(r.id)}`)),
  );
  for (const r of records)
    stops.set(Date.parse(r.recordedAt), `recorded ${r.kind} ${short(r.quote)}`);
  histories.forEach((detail, i) => {
    const record = changed[i];
    const history = detail.history ?? [];
    if (!record) return;
    for (const entry of history.slice(1))
      stops.set(Date.parse(entry.recordedAt), `${entry.type} of ${short(record.quote)}`);
  });
  return [...stops.entries()].sort(([a], [b]) => a - b).map(([ms, label]) => ({ ms, label }));
}

// ---------------------------------------------------------------------------------------
// asOf

/** The `asOf` the slider stands at, or null at its right end (now). */
function asOfValue() {
  const stop = state.stops[Number(ui.asOf.value)];
  return stop ? new Date(stop.ms).toISOString() : null;
}

function labelAsOf() {
  const stop = state.stops[Number(ui.asOf.value)];
  const zone = state.selection?.tz ?? browserZone();
  ui.asOfLabel.textContent = stop
    ? `${formatInstant(stop.ms, zone, { seconds: true })}, after: ${stop.label}`
    : `now (${state.stops.length} changes recorded)`;
  ui.asOfBar.dataset.live = String(!stop);
  ui.asOfBar.dataset.asof = stop ? new Date(stop.ms).toISOString() : '';
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let asOfTimer;
ui.asOf.addEventListener('input', () => {
  labelAsOf();
  clearTimeout(asOfTimer);
  asOfTimer = setTimeout(() => void draw(), 120);
});
ui.asOfNow.addEventListener('click', () => {
  ui.asOf.value = ui.asOf.max;
  labelAsOf();
  void draw();
});

// ---------------------------------------------------------------------------------------
// Drawing

/** Fetches and draws everything for the selection at the slider's `asOf`. */
async function draw() {
  const selection = state.selection;
  if (!selection) return;
  const ticket = ++state.drawing;
  const asOf = asOfValue();
  const { source, target, mode, bucket, tz } = selection;
  const reverseMode = mode === 'rollup' ? 'rollup' : 'directed';
  /** @type {(s: string, t: string, m: string) => Promise<ToneView>} */
  const tone = (s, t, m) =>
    getJson(`/dyads/${encodeURIComponent(s)}/${encodeURIComponent(t)}/tone`, {
      from: selection.from,
      to: selection.to,
      bucket,
      tz,
      mode: m,
      asOf,
      weight: selection.weight,
      count: selection.count,
    });
  /** @type {(s: string, t: string, m: string) => Promise<Summary>} */
  const summary = (s, t, m) =>
    getJson(`/dyads/${encodeURIComponent(s)}/${encodeURIComponent(t)}/summary`, { mode: m, asOf });
  say('Loading…', 'busy');
  try {
    const view = await tone(source, target, mode);
    const [
      records,
      dyadSummary,
      forward,
      backward,
      forwardSummary,
      backwardSummary,
      analytics,
      threats,
    ] = await Promise.all([
      recordsFor(selection, { asOf, from: view.from, to: view.to }),
      summary(source, target, mode),
      mode === 'pair' ? tone(source, target, 'directed') : Promise.resolve(view),
      tone(target, source, reverseMode),
      mode === 'pair' ? summary(source, target, 'directed') : Promise.resolve(undefined),
      summary(target, source, reverseMode),
      analyticsFor(selection, view, asOf),
      state.threatsAll ? allThreats(asOf) : Promise.resolve(undefined),
    ]);
    if (ticket !== state.drawing) return;
    state.shown = { view, records, asOf };
    render(selection, view, records, analytics);
    renderReciprocity(
      selection,
      [forward, backward],
      [forwardSummary ?? dyadSummary, backwardSummary],
    );
    renderThreats(selection, threats ?? dyadSummary.threats.items);
    renderCredibility(selection, analytics.credibility);
    await refreshDetail();
    if (analytics.problems.length > 0)
      return say(`The timeline is drawn; ${analytics.problems.join(' ')}`, 'error');
    say(
      `Showing ${records.length} records${asOf ? `, as known on ${formatInstant(asOf, tz, { seconds: true })}` : ''}.`,
    );
  } catch (error) {
    if (ticket === state.drawing) fail(error);
  }
}

/**
 * @param {string | null} asOf
 * @returns {Promise<ThreatItem[]>}
 */
async function allThreats(asOf) {
  /** @type {RecordView[]} */
  const records = await getAll('/records', { kind: 'threat', asOf });
  // Every threat names its terms; the summary's threats are built the same way.
  return records.flatMap((r) =>
    r.threat === undefined
      ? []
      : [
          {
            id: r.id,
            source: r.source,
            target: r.target,
            occurredAt: r.occurredAt,
            quote: r.quote,
            ...r.threat,
            status: r.threatStatus ?? 'open',
          },
        ],
  );
}

/** @param {string} id */
function actorName(id) {
  return state.actors.find((a) => a.id === id)?.name ?? id;
}

/**
 * @param {Selection} selection
 * @param {ToneView} view
 * @param {RecordView[]} records
 * @param {Awaited<ReturnType<typeof analyticsFor>>} analytics
 */
function render(selection, view, records, analytics) {
  for (const chart of state.charts) chart.destroy();
  state.charts = [];
  ui.view.hidden = false;
  const arrow = selection.mode === 'directed' ? '→' : selection.mode === 'pair' ? '↔' : '⇉';
  ui.title.textContent = `${actorName(selection.source)} ${arrow} ${actorName(selection.target)} · ${selection.mode} · by ${view.bucket} · ${view.tz}`;
  const handlers = {
    /** @type {(record: RecordView | null, marker: HTMLElement | null) => void} */
    onHover: (record, marker) => showTooltip(ui.tooltip, record, marker, view.tz),
    /** @type {(record: RecordView) => void} */
    onSelect: (record) => void select(record.id),
  };
  state.charts.push(
    measureChart(ui.intensityChart, {
      measure: 'intensity',
      view,
      records,
      shifts: analytics.shifts.filter((s) => s.measure === 'intensity'),
      ...handlers,
    }),
    measureChart(ui.toneChart, {
      measure: 'tone',
      view,
      shifts: analytics.shifts.filter((s) => s.measure === 'tone'),
    }),
  );
  ui.volatilityChart.hidden = !analytics.hasVolatility;
  if (analytics.hasVolatility)
    state.charts.push(volatilityChart(ui.volatilityChart, view, analytics.shifts));
  ui.shownCount.textContent = `${records.length} records, ${view.series.length} buckets, ${analytics.shifts.length} shifts (${analytics.method}; dashed lines)`;
}

/**
 * @param {Selection} selection
 * @param {[ToneView, ToneView]} views
 * @param {[Summary, Summary]} summaries
 */
function renderReciprocity(selection, views, summaries) {
  const labels = /** @type {[string, string]} */ ([
    `${selection.source} → ${selection.target}`,
    `${selection.target} → ${selection.source}`,
  ]);
  const chartHost = h('div', { class: 'chart chart--small' });
  const table = h('div');
  const key = h(
    'p',
    { class: 'hint reciprocity-key' },
    h('span', { class: 'swatch swatch--forward' }),
    ` ${labels[0]} `,
    h('span', { class: 'swatch swatch--backward' }),
    ` ${labels[1]}; weighted tone solid, intensity dashed`,
  );
  ui.reciprocity.replaceChildren(h('h2', {}, 'Reciprocity'), chartHost, key, table);
  state.charts.push(reciprocityChart(chartHost, views[0], views[1], labels));
  renderReciprocityTable(table, labels, summaries);
}

/**
 * @param {Selection} selection
 * @param {ThreatItem[]} threats
 */
function renderThreats(selection, threats) {
  renderThreatBoard(ui.threats, threats, {
    zone: selection.tz,
    scope: `${selection.source} → ${selection.target}, ${selection.mode}`,
    now: Date.parse(asOfValue() ?? new Date().toISOString()),
    all: state.threatsAll,
    onSelect: (id) => void select(id),
    onScope: (all) => {
      state.threatsAll = all;
      void draw();
    },
  });
}

/**
 * @param {Selection} selection
 * @param {Awaited<ReturnType<typeof analyticsFor>>['credibility']} credibility
 */
function renderCredibility(selection, credibility) {
  ui.credibility.hidden = credibility.length === 0;
  ui.credibility.replaceChildren(
    h('h2', {}, 'Threat credibility'),
    ...credibility.map((c) =>
      h(
        'div',
        { class: 'credibility', 'data-actor': c.actor },
        h('strong', {}, actorName(c.actor)),
        ` ${c.text}`,
      ),
    ),
  );
  void selection;
}

// ---------------------------------------------------------------------------------------
// One record

/** @param {string} id */
async function select(id) {
  state.selectedId = id;
  for (const marker of ui.view.querySelectorAll('.marker'))
    marker.classList.toggle('selected', marker instanceof HTMLElement && marker.dataset.id === id);
  await refreshDetail();
}

/** Shows the selected record as known at the slider's `asOf`, with its history. */
async function refreshDetail() {
  const id = state.selectedId;
  const zone = state.selection?.tz ?? browserZone();
  if (id === null) return;
  const asOf = state.shown?.asOf ?? null;
  const known = state.shown?.records.find((r) => r.id === id);
  if (known) renderDetail(ui.detail, known, { zone, asOf, loading: true });
  try {
    /** @type {RecordView | undefined} */
    const record = await getOptional(`/records/${encodeURIComponent(id)}`, { asOf });
    if (id !== state.selectedId) return;
    if (record) renderDetail(ui.detail, record, { zone, asOf });
    else
      ui.detail.replaceChildren(
        h('h2', {}, 'Record'),
        h('p', { class: 'hint' }, 'Not yet recorded at this asOf: move the slider later.'),
      );
    for (const marker of ui.view.querySelectorAll('.marker'))
      marker.classList.toggle(
        'selected',
        marker instanceof HTMLElement && marker.dataset.id === id,
      );
  } catch (error) {
    fail(error);
  }
}

// ---------------------------------------------------------------------------------------
// Kinds shown: the legend's boxes hide a kind's markers (CSS reads data-hidden-kinds)

ui.kindFilters.addEventListener('change', () => {
  const boxes = [...ui.kindFilters.querySelectorAll('input.kind-filter')];
  ui.view.dataset.hiddenKinds = boxes
    .filter((box) => box instanceof HTMLInputElement && !box.checked)
    .map((box) => (box instanceof HTMLInputElement ? box.value : ''))
    .join(' ');
});

// ---------------------------------------------------------------------------------------
// CSV of what is shown

ui.csvRecords.addEventListener('click', () => {
  if (!state.shown) return;
  const { records, asOf } = state.shown;
  download(
    `parley-records-${state.selection?.source}-${state.selection?.target}.csv`,
    toCsv(records, [
      ['id', (r) => r.id],
      ['kind', (r) => r.kind],
      ['source', (r) => r.source],
      ['target', (r) => r.target],
      ['occurredAt', (r) => r.occurredAt],
      ['precision', (r) => r.precision],
      ['quote', (r) => r.quote],
      ['citation.outlet', (r) => r.citation.outlet],
      ['citation.title', (r) => r.citation.title],
      ['citation.url', (r) => r.citation.url],
      ['topics', (r) => r.topics],
      ['code', (r) => r.code],
      ['intensity', (r) => r.intensity],
      ['intensitySource', (r) => r.intensitySource],
      ['tone', (r) => r.tone],
      ['toneSource', (r) => r.toneSource],
      ['confidence', (r) => r.confidence],
      ['threat.instrument', (r) => r.threat?.instrument],
      ['threat.magnitude', (r) => r.threat?.magnitude],
      ['threat.condition', (r) => r.threat?.condition],
      ['threat.deadline', (r) => r.threat?.deadline],
      ['threatStatus', (r) => r.threatStatus],
      ['version', (r) => r.version],
      ['recordedAt', (r) => r.recordedAt],
      ['updatedAt', (r) => r.updatedAt],
      ['origin.dataset', (r) => r.origin?.dataset],
      ['origin.id', (r) => r.origin?.id],
      ['origin.url', (r) => r.origin?.url],
      ['origin.mentions', (r) => r.origin?.mentions],
      ['asOf', () => asOf],
    ]),
  );
});

ui.csvSeries.addEventListener('click', () => {
  if (!state.shown) return;
  const { view } = state.shown;
  /** @type {(measure: 'intensity' | 'tone') => [string, (b: import('./api.js').ToneBucket) => import('./csv.js').Cell][]} */
  const measure = (m) => [
    [`${m}.mean`, (b) => b[m].mean],
    [`${m}.min`, (b) => b[m].min],
    [`${m}.max`, (b) => b[m].max],
    [`${m}.n`, (b) => b[m].n],
    [`${m}.ewma`, (b) => b[m].ewma],
    [`${m}.volatility`, (b) => b[m].volatility],
  ];
  download(
    `parley-series-${view.source}-${view.target}-${view.bucket}.csv`,
    toCsv(view.series, [
      ['start', (b) => b.start],
      ['end', (b) => b.end],
      ['statements', (b) => b.counts.statement],
      ['threats', (b) => b.counts.threat],
      ['denials', (b) => b.counts.denial],
      ['actions', (b) => b.counts.action],
      ['total', (b) => b.counts.total],
      ...measure('intensity'),
      ...measure('tone'),
    ]),
  );
});

// ---------------------------------------------------------------------------------------
// Start

/** @type {ReturnType<typeof setTimeout> | undefined} */
let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const chart of state.charts) {
      const host = chart.root.parentElement;
      if (host) chart.setSize({ width: Math.max(320, host.clientWidth), height: chart.height });
    }
  }, 150);
});

const zones =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
ui.zones.replaceChildren(...['UTC', ...zones].map((zone) => h('option', { value: zone })));
ui.tz.value = browserZone();
void connect();
