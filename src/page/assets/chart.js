// @ts-check
import { formatInstant, h, toneColour } from './dom.js';

/**
 * @typedef {import('./api.js').ToneView} ToneView
 * @typedef {import('./api.js').RecordView} RecordView
 * @typedef {{ at: string, measure?: string, label?: string }} ShiftMark
 * @typedef {import('uplot')} UPlot
 * @typedef {import('uplot').Options} UPlotOptions
 */

/** uPlot's browser build (loaded by index.html) defines this global. */
const UPlot = /** @type {typeof import('uplot')} */ (
  /** @type {{ uPlot: unknown }} */ (/** @type {unknown} */ (window)).uPlot
);

const MEASURE_COLOURS = { intensity: '#5b4bb7', tone: '#0b7a75', volatility: '#b35c00' };
const SECOND = 1000;
/** Markers closer than this (CSS px) on both axes are moved sideways so each can be clicked. */
const MARKER_SPREAD_PX = 13;

/** @param {string} iso */
const seconds = (iso) => Date.parse(iso) / SECOND;

/**
 * A chart of one measure over the buckets of a tone view: the bucket means as points, the
 * exponentially weighted line through the bucket ends (the weighted mean of every record up
 * to the bucket's end), and, on the intensity chart, one marker per record.
 *
 * @param {HTMLElement} host
 * @param {{
 *   measure: 'intensity' | 'tone',
 *   view: ToneView,
 *   records?: RecordView[],
 *   shifts?: ShiftMark[],
 *   height?: number,
 *   onHover?: (record: RecordView | null, marker: HTMLElement | null) => void,
 *   onSelect?: (record: RecordView) => void,
 * }} spec
 * @returns {UPlot}
 */
export function measureChart(host, spec) {
  const { measure, view } = spec;
  const colour = MEASURE_COLOURS[measure];
  /** @type {number[]} */ const xs = [];
  /** @type {(number | null)[]} */ const means = [];
  /** @type {(number | null)[]} */ const ewmas = [];
  for (const bucket of view.series) {
    const start = seconds(bucket.start);
    const end = seconds(bucket.end);
    xs.push((start + end) / 2, end);
    means.push(bucket[measure].mean, null);
    ewmas.push(null, bucket[measure].ewma);
  }
  /** @type {UPlotOptions} */
  const options = {
    ...baseOptions(host, view, spec.height ?? 220),
    scales: {
      x: { time: true, range: () => [seconds(view.from), seconds(view.to)] },
      y: { range: () => [-10, 10] },
    },
    series: [
      { label: 'time', value: (_u, v) => (v === null ? '—' : formatInstant(v * SECOND, view.tz)) },
      {
        label: `${measure} mean per ${view.bucket}`,
        stroke: colour,
        width: 0,
        paths: () => null,
        points: { show: true, size: 7, fill: '#fff', stroke: colour, width: 2 },
      },
      {
        label: `${measure} ewma (half-life ${view.halfLife})`,
        stroke: colour,
        width: 2,
        spanGaps: true,
        points: { show: false },
      },
    ],
    axes: [
      { grid: { stroke: '#eceef1' }, ticks: { stroke: '#d5d8dc' } },
      {
        label: measure === 'intensity' ? 'intensity (Goldstein)' : 'tone',
        size: 48,
        grid: { stroke: '#eceef1' },
        ticks: { stroke: '#d5d8dc' },
        splits: () => [-10, -5, 0, 5, 10],
      },
    ],
    hooks: {
      draw: [
        (u) => zeroLine(u),
        (u) => placeMarkers(u, spec.records ?? [], spec),
        (u) => placeShifts(u, spec.shifts ?? [], view.tz),
      ],
    },
  };
  return new UPlot(options, [xs, means, ewmas], host);
}

/**
 * Rolling volatility of both measures, per bucket, when the tone view carries it.
 *
 * @param {HTMLElement} host
 * @param {ToneView} view
 * @param {ShiftMark[]} shifts
 * @returns {UPlot}
 */
export function volatilityChart(host, view, shifts) {
  const xs = view.series.map((b) => (seconds(b.start) + seconds(b.end)) / 2);
  /** @param {'intensity' | 'tone'} measure */
  const values = (measure) => view.series.map((b) => b[measure].volatility ?? null);
  /** @type {UPlotOptions} */
  const options = {
    ...baseOptions(host, view, 150),
    scales: {
      x: { time: true, range: () => [seconds(view.from), seconds(view.to)] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1)] },
    },
    series: [
      { label: 'time', value: (_u, v) => (v === null ? '—' : formatInstant(v * SECOND, view.tz)) },
      {
        label: `intensity volatility (sd over ${view.volatilityWindow ?? 3} ${view.bucket}s)`,
        stroke: MEASURE_COLOURS.intensity,
        width: 1.5,
        dash: [4, 3],
        points: { show: true, size: 4 },
      },
      {
        label: `tone volatility (sd over ${view.volatilityWindow ?? 3} ${view.bucket}s)`,
        stroke: MEASURE_COLOURS.tone,
        width: 1.5,
        points: { show: true, size: 4 },
      },
    ],
    axes: [
      { grid: { stroke: '#eceef1' }, ticks: { stroke: '#d5d8dc' } },
      {
        label: 'rolling volatility',
        size: 48,
        grid: { stroke: '#eceef1' },
        ticks: { stroke: '#d5d8dc' },
      },
    ],
    hooks: { draw: [(u) => placeShifts(u, shifts, view.tz)] },
  };
  return new UPlot(options, [xs, values('intensity'), values('tone')], host);
}

/**
 * Two directions of one relationship on one chart: each one's weighted tone (solid) and
 * intensity (dashed), A→B in the page's colours, B→A in grey-brown.
 *
 * @param {HTMLElement} host
 * @param {ToneView} forward
 * @param {ToneView} backward
 * @param {[string, string]} labels
 * @returns {UPlot}
 */
export function reciprocityChart(host, forward, backward, labels) {
  const ends = [
    ...new Set([...forward.series, ...backward.series].map((b) => seconds(b.end))),
  ].sort((a, b) => a - b);
  /**
   * @param {ToneView} view
   * @param {'intensity' | 'tone'} measure
   */
  const line = (view, measure) => {
    const byEnd = new Map(view.series.map((b) => [seconds(b.end), b[measure].ewma]));
    return ends.map((end) => byEnd.get(end) ?? null);
  };
  /** @type {UPlotOptions} */
  const options = {
    ...baseOptions(host, forward, 170),
    scales: {
      x: { time: true, range: () => [seconds(forward.from), seconds(forward.to)] },
      y: { range: () => [-10, 10] },
    },
    series: [
      {
        label: 'time',
        value: (_u, v) =>
          v === null ? '—' : formatInstant(v * SECOND, forward.tz, { time: false }),
      },
      { label: `${labels[0]} tone`, stroke: MEASURE_COLOURS.tone, width: 2, spanGaps: true },
      { label: `${labels[1]} tone`, stroke: '#a0522d', width: 2, spanGaps: true },
      {
        label: `${labels[0]} intensity`,
        stroke: MEASURE_COLOURS.tone,
        width: 1,
        dash: [4, 3],
        spanGaps: true,
      },
      {
        label: `${labels[1]} intensity`,
        stroke: '#a0522d',
        width: 1,
        dash: [4, 3],
        spanGaps: true,
      },
    ],
    axes: [
      { grid: { stroke: '#eceef1' }, ticks: { stroke: '#d5d8dc' }, size: 30 },
      {
        size: 36,
        grid: { stroke: '#eceef1' },
        ticks: { stroke: '#d5d8dc' },
        splits: () => [-10, 0, 10],
      },
    ],
    cursor: { sync: { key: 'parley-reciprocity' } },
    // The panel's own key (below the chart) says which line is which, in less room.
    legend: { show: false },
    hooks: { draw: [(u) => zeroLine(u)] },
  };
  return new UPlot(
    options,
    [
      ends,
      line(forward, 'tone'),
      line(backward, 'tone'),
      line(forward, 'intensity'),
      line(backward, 'intensity'),
    ],
    host,
  );
}

/**
 * What every chart of the page shares: its width follows the host's, the axes read in the
 * chosen zone, and the cursors of the main charts move together.
 *
 * @param {HTMLElement} host
 * @param {ToneView} view
 * @param {number} height
 * @returns {UPlotOptions}
 */
function baseOptions(host, view, height) {
  return {
    width: Math.max(320, host.clientWidth),
    height,
    tzDate: (ts) => UPlot.tzDate(new Date(ts * SECOND), view.tz),
    cursor: { sync: { key: 'parley' }, drag: { x: false, y: false } },
    legend: { live: true },
    series: [],
  };
}

/** @param {UPlot} u */
function zeroLine(u) {
  const y = Math.round(u.valToPos(0, 'y', true));
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = '#b9bec5';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(u.bbox.left, y);
  ctx.lineTo(u.bbox.left + u.bbox.width, y);
  ctx.stroke();
  ctx.restore();
}

/**
 * One marker per record, shaped by kind (CSS), coloured by its tone, at its occurrence
 * time and its intensity. Markers are elements, not canvas pixels, so that each can be
 * hovered, clicked, focused and found by tests. Placed again on every redraw (resize).
 *
 * @param {UPlot} u
 * @param {RecordView[]} records
 * @param {{ onHover?: (record: RecordView | null, marker: HTMLElement | null) => void, onSelect?: (record: RecordView) => void }} handlers
 */
function placeMarkers(u, records, handlers) {
  let layer = u.over.querySelector('.markers');
  if (!(layer instanceof HTMLElement)) {
    layer = h('div', { class: 'markers' });
    u.over.append(layer);
    for (const record of records) {
      const marker = h('button', {
        type: 'button',
        class: `marker marker--${record.kind}`,
        'data-id': record.id,
        'data-kind': record.kind,
        'data-intensity': record.intensity,
        'data-tone': record.tone,
        'aria-label': `${record.kind} on ${record.occurredAt}: ${record.quote ?? `${record.origin?.dataset ?? 'dataset'} row, no quote`}`,
      });
      marker.style.backgroundColor = toneColour(record.tone);
      marker.addEventListener('mouseenter', () => handlers.onHover?.(record, marker));
      marker.addEventListener('focus', () => handlers.onHover?.(record, marker));
      marker.addEventListener('mouseleave', () => handlers.onHover?.(null, null));
      marker.addEventListener('blur', () => handlers.onHover?.(null, null));
      marker.addEventListener('click', () => handlers.onSelect?.(record));
      layer.append(marker);
    }
  }
  const markers = /** @type {HTMLElement[]} */ ([...layer.children]);
  /** @type {{ x: number, y: number }[]} */
  const placed = [];
  const clashes = (/** @type {number} */ x, /** @type {number} */ y) =>
    placed.some(
      (p) => Math.abs(p.x - x) < MARKER_SPREAD_PX && Math.abs(p.y - y) < MARKER_SPREAD_PX,
    );
  markers.forEach((marker, i) => {
    const record = records[i];
    if (!record) return;
    const x = u.valToPos(Date.parse(record.occurredAt) / SECOND, 'x');
    const y = u.valToPos(record.intensity, 'y');
    // Markers that would cover each other are moved aside, alternately right and left of
    // the true time (+1, −1, +2, … widths), so that every one can be seen and clicked.
    let shifted = x;
    for (let step = 1; clashes(shifted, y) && step < 64; step++)
      shifted = x + (step % 2 === 1 ? 1 : -1) * Math.ceil(step / 2) * MARKER_SPREAD_PX;
    placed.push({ x: shifted, y });
    marker.style.left = `${shifted}px`;
    marker.style.top = `${y}px`;
    marker.hidden = x < 0 || x > u.over.clientWidth;
  });
}

/**
 * A vertical line at each detected shift in the tone.
 *
 * @param {UPlot} u
 * @param {ShiftMark[]} shifts
 * @param {string} zone
 */
function placeShifts(u, shifts, zone) {
  let layer = u.over.querySelector('.shifts');
  if (!(layer instanceof HTMLElement)) {
    layer = h('div', { class: 'shifts' });
    u.over.prepend(layer);
    for (const shift of shifts) {
      const when = formatInstant(shift.at, zone, { time: false });
      layer.append(
        h('div', {
          class: 'shift',
          'data-at': shift.at,
          title: `${shift.label ?? 'shift'} (${when})`,
        }),
      );
    }
  }
  const lines = /** @type {HTMLElement[]} */ ([...layer.children]);
  lines.forEach((line, i) => {
    const shift = shifts[i];
    if (!shift) return;
    const x = u.valToPos(Date.parse(shift.at) / SECOND, 'x');
    line.style.left = `${x}px`;
    line.hidden = x < 0 || x > u.over.clientWidth;
  });
}
