// @ts-check
/**
 * Builds an element. Text goes in as text nodes and attributes through setAttribute,
 * never as HTML: a quote or a citation can hold anything. `style` is never set here
 * (the CSP refuses inline styles); position and colour go through element.style.
 *
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | undefined | null>} [attributes]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false)
      element.append(typeof child === 'number' ? String(child) : child);
  return element;
}

/**
 * The element with this id, of the expected type; a missing one is a bug in the page.
 *
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`The page has no ${type.name} #${id}`);
  return element;
}

/**
 * An instant as a reader in `zone` writes it: `2025-03-30 14:00` (seconds when asked).
 *
 * @param {string | number} instant ISO 8601 or epoch milliseconds
 * @param {string} zone IANA time zone
 * @param {{ seconds?: boolean, time?: boolean }} [options]
 */
export function formatInstant(instant, zone, options = {}) {
  const date = new Date(instant);
  /** @type {Intl.DateTimeFormatOptions} */
  const format = { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' };
  if (options.time !== false) {
    format.hour = '2-digit';
    format.minute = '2-digit';
    format.hourCycle = 'h23';
    if (options.seconds) format.second = '2-digit';
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', format).formatToParts(date).map((p) => [p.type, p.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (options.time === false) return day;
  const fraction = options.seconds ? `.${String(date.getUTCMilliseconds()).padStart(3, '0')}` : '';
  return `${day} ${parts.hour}:${parts.minute}${options.seconds ? `:${parts.second}${fraction}` : ''}`;
}

/**
 * A number as the page shows it: at most two decimals, `—` for none.
 *
 * @param {number | null | undefined} value
 */
export function formatNumber(value) {
  if (value === null || value === undefined) return '—';
  return String(Math.round(value * 100) / 100);
}

/**
 * The colour of a tone on the page's scale: red hostile (−10), grey neutral, blue cordial (+10).
 *
 * @param {number | null | undefined} tone
 */
export function toneColour(tone) {
  if (tone === null || tone === undefined) return '#9aa0a6';
  const t = Math.max(-1, Math.min(1, tone / 10));
  // Hue 4 (red) for hostile, 212 (blue) for cordial; saturation grows with strength.
  const hue = t < 0 ? 4 : 212;
  const saturation = Math.round(15 + 70 * Math.abs(t));
  const lightness = Math.round(62 - 16 * Math.abs(t));
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}
