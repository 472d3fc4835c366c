// @ts-check
import { formatInstant, formatNumber, h } from './dom.js';

/**
 * @typedef {import('./api.js').RecordView} RecordView
 * @typedef {import('./api.js').Summary} Summary
 * @typedef {import('./api.js').ThreatItem} ThreatItem
 */

/** Only web links become links: a citation URL is data, and could say `javascript:`. */
function safeHref(/** @type {string | undefined} */ url) {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {string} label
 * @param {Node | string | number | null | undefined} value
 */
function row(label, value) {
  return value === undefined || value === null || value === ''
    ? null
    : h('div', { class: 'row' }, h('dt', {}, label), h('dd', {}, value));
}

/**
 * The record a marker stands for: its quote, its source, its figures and the history of
 * its corrections, as the log held them at the page's `asOf`.
 *
 * @param {HTMLElement} panel
 * @param {RecordView} record
 * @param {{ zone: string, asOf: string | null, loading?: boolean }} context
 */
export function renderDetail(panel, record, context) {
  const { zone } = context;
  const href = safeHref(record.citation.url);
  const citation = h(
    'span',
    {},
    `${record.citation.outlet}: `,
    href
      ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, record.citation.title)
      : record.citation.title,
    record.citation.publishedAt ? ` (${formatInstant(record.citation.publishedAt, zone)})` : '',
  );
  const threat = record.threat
    ? [
        record.threat.instrument,
        record.threat.magnitude,
        record.threat.condition && `if ${record.threat.condition}`,
      ]
        .filter(Boolean)
        .join(' · ')
    : undefined;
  const history = record.history ?? [];
  panel.replaceChildren(
    h('h2', {}, 'Record'),
    h(
      'p',
      { class: 'detail-head' },
      h('span', { class: `badge badge--${record.kind}` }, record.kind),
      ` ${record.source} → ${record.target}`,
      record.status === 'retracted'
        ? h('span', { class: 'badge badge--retracted' }, 'retracted')
        : null,
    ),
    record.quote === undefined
      ? h(
          'p',
          { class: 'no-quote hint', 'data-id': record.id },
          record.origin
            ? `No quote: coded by ${record.origin.dataset} (row ${record.origin.id}), not from words.`
            : 'No quote.',
        )
      : h('blockquote', { class: 'quote', 'data-id': record.id }, record.quote),
    h(
      'dl',
      { class: 'facts' },
      row(
        'occurred',
        `${formatInstant(record.occurredAt, zone, { time: record.precision === 'instant' })} (${record.precision})`,
      ),
      row('source', citation),
      row(
        'tone',
        h(
          'span',
          { class: 'tone-value' },
          `${formatNumber(record.tone)}${record.toneSource && record.toneSource !== 'recorder' ? ` (${record.toneSource})` : ''}`,
        ),
      ),
      row(
        'intensity',
        `${formatNumber(record.intensity)}${record.intensityCode ? ` (CAMEO ${record.intensityCode})` : ''}${record.origin?.intensity === undefined ? '' : `, ${record.intensitySource}'s own weight`}`,
      ),
      row(
        'confidence',
        record.confidence === undefined ? undefined : formatNumber(record.confidence),
      ),
      row('topics', record.topics.join(', ')),
      row('threat', threat),
      row(
        'deadline',
        record.threat?.deadline ? formatInstant(record.threat.deadline, zone) : undefined,
      ),
      row('status', record.threatStatus),
      row(
        'outcome',
        record.outcome
          ? `${record.outcome.outcome} on ${formatInstant(record.outcome.occurredAt, zone, { time: false })}${record.outcome.note ? ` (${record.outcome.note})` : ''}`
          : undefined,
      ),
      row('denies', record.denial ? (record.denial.claim ?? record.denial.recordId) : undefined),
      row('note', record.note),
      row('dataset', originLine(record.origin)),
      row(
        'version',
        `${record.version}${context.asOf ? `, as known on ${formatInstant(context.asOf, zone, { seconds: true })}` : ''}`,
      ),
    ),
    h('h3', {}, 'History'),
    context.loading
      ? h('p', { class: 'hint' }, 'Loading its history…')
      : history.length === 0
        ? h('p', { class: 'hint' }, 'No history.')
        : h(
            'ol',
            { class: 'history' },
            ...history.map((entry) =>
              h(
                'li',
                { 'data-version': entry.version },
                h('strong', {}, `v${entry.version} ${entry.type}`),
                ` recorded ${formatInstant(entry.recordedAt, zone, { seconds: true })}`,
                entry.reason ? h('div', {}, `reason: ${entry.reason}`) : null,
                entry.changes === undefined
                  ? null
                  : h('code', { class: 'changes' }, JSON.stringify(entry.changes)),
              ),
            ),
          ),
  );
}

/**
 * A dataset row as a line of the detail: which dataset and row, and how widely reported.
 *
 * @param {RecordView['origin']} origin
 */
function originLine(origin) {
  if (!origin) return undefined;
  const href = safeHref(origin.url);
  const reach = [
    origin.mentions === undefined ? undefined : `${origin.mentions} mentions`,
    origin.sources === undefined ? undefined : `${origin.sources} sources`,
    origin.articles === undefined ? undefined : `${origin.articles} articles`,
    origin.geo?.name,
  ]
    .filter(Boolean)
    .join(' · ');
  return h(
    'span',
    { class: 'origin' },
    `${origin.dataset} row ${origin.id}`,
    reach ? ` (${reach})` : '',
    href ? ' · ' : '',
    href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, 'article') : '',
  );
}

/**
 * The tooltip beside a hovered marker: kind, date and quote.
 *
 * @param {HTMLElement} tooltip
 * @param {RecordView | null} record
 * @param {HTMLElement | null} marker
 * @param {string} zone
 */
export function showTooltip(tooltip, record, marker, zone) {
  if (!record || !marker) {
    tooltip.hidden = true;
    return;
  }
  tooltip.replaceChildren(
    h(
      'strong',
      {},
      `${record.kind} · ${formatInstant(record.occurredAt, zone, { time: record.precision === 'instant' })}`,
    ),
    h(
      'div',
      {},
      record.quote === undefined
        ? `(no quote: ${record.origin?.dataset ?? 'unknown'} row)`
        : `“${record.quote}”`,
    ),
    h(
      'div',
      { class: 'hint' },
      `tone ${formatNumber(record.tone)} · intensity ${formatNumber(record.intensity)} · click for sources and history`,
    ),
  );
  tooltip.hidden = false;
  const box = marker.getBoundingClientRect();
  const left = Math.min(
    window.scrollX + box.right + 8,
    window.scrollX + document.documentElement.clientWidth - tooltip.offsetWidth - 8,
  );
  tooltip.style.left = `${Math.max(8, left)}px`;
  tooltip.style.top = `${window.scrollY + box.bottom + 6}px`;
}

const THREAT_GROUPS = [
  ['open', 'Open'],
  ['carried-out', 'Carried out'],
  ['withdrawn', 'Withdrawn'],
  ['lapsed', 'Lapsed'],
];

/**
 * Threats by what became of them: open ones with their deadlines first.
 *
 * @param {HTMLElement} panel
 * @param {ThreatItem[]} threats
 * @param {{ zone: string, scope: string, now: number, onSelect: (id: string) => void, onScope: (all: boolean) => void, all: boolean }} context
 */
export function renderThreatBoard(panel, threats, context) {
  const toggle = h('input', { type: 'checkbox', id: 'threats-all' });
  toggle.checked = context.all;
  toggle.addEventListener('change', () => context.onScope(toggle.checked));
  const groups = THREAT_GROUPS.map(([status, title]) => {
    const items = threats.filter((t) => t.status === status);
    return h(
      'div',
      { class: `threat-group threat-group--${status}` },
      h('h3', {}, `${title} `, h('span', { class: 'count' }, items.length)),
      items.length === 0
        ? null
        : h(
            'ul',
            {},
            ...items.map((t) => {
              const link = h(
                'button',
                { type: 'button', class: 'linkish' },
                t.quote === undefined ? `${t.instrument} threat (no quote)` : `“${t.quote}”`,
              );
              link.addEventListener('click', () => context.onSelect(t.id));
              return h(
                'li',
                { 'data-id': t.id },
                h(
                  'div',
                  { class: 'hint' },
                  `${formatInstant(t.occurredAt, context.zone, { time: false })} · ${t.source} → ${t.target}`,
                ),
                h(
                  'div',
                  {},
                  [t.instrument, t.magnitude].filter(Boolean).join(' '),
                  t.condition ? ` if ${t.condition}` : '',
                ),
                deadline(t, context),
                link,
              );
            }),
          ),
    );
  });
  panel.replaceChildren(
    h('h2', {}, 'Threat board'),
    h('label', { class: 'scope' }, toggle, ` every actor's threats (else ${context.scope})`),
    ...groups,
  );
}

/**
 * @param {ThreatItem} threat
 * @param {{ zone: string, now: number }} context
 */
function deadline(threat, context) {
  if (!threat.deadline)
    return threat.status === 'open' ? h('div', { class: 'hint' }, 'no deadline given') : null;
  const days = Math.round((Date.parse(threat.deadline) - context.now) / 86_400_000);
  const when = formatInstant(threat.deadline, context.zone, { time: false });
  const left =
    threat.status !== 'open' ? '' : days >= 0 ? ` (in ${days} days)` : ` (${-days} days ago)`;
  return h('div', { class: 'deadline' }, `deadline ${when}${left}`);
}

/**
 * A direction's figures beside the other's.
 *
 * @param {HTMLElement} host
 * @param {[string, string]} labels
 * @param {[Summary, Summary]} summaries
 */
export function renderReciprocityTable(host, labels, summaries) {
  /** @param {(s: Summary) => string | number} cell */
  const line = (/** @type {string} */ label, cell) =>
    h('tr', {}, h('th', {}, label), ...summaries.map((s) => h('td', {}, cell(s))));
  /** @param {import('./api.js').MeasureSummary} m */
  const climate = (m) => `${formatNumber(m.climate)}${m.trend ? ` ${m.trend}` : ''}`;
  host.replaceChildren(
    h(
      'table',
      { class: 'reciprocity' },
      h('thead', {}, h('tr', {}, h('th', {}), ...labels.map((l) => h('th', {}, l)))),
      h(
        'tbody',
        {},
        line('records (all time)', (s) => s.counts.total),
        line('threats · denials', (s) => `${s.counts.threat} · ${s.counts.denial}`),
        line('actions', (s) => s.counts.action),
        line('tone climate', (s) => climate(s.tone)),
        line('intensity climate', (s) => climate(s.intensity)),
        line('tone volatility', (s) => formatNumber(s.tone.volatility)),
      ),
    ),
  );
}
