// @ts-check
/**
 * CSV (RFC 4180) of what the page shows, built in the browser from the same data the
 * charts were drawn from, and handed to the user as a download.
 */

/**
 * @typedef {string | number | boolean | readonly string[] | null | undefined} Cell
 * @param {Cell} value
 */
function field(value) {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? value.join(';') : String(value);
  // Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP), whatever
  // follows its first character (`-2+3+cmd|' /C calc'!A0` too); numbers stay numbers, as
  // the server's export (csv-stringify's escape_formulas) does.
  const safe = typeof value !== 'number' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * @template T
 * @param {T[]} rows
 * @param {[string, (row: T) => Cell][]} columns header and how to read it
 */
export function toCsv(rows, columns) {
  const lines = [columns.map(([name]) => field(name)).join(',')];
  for (const row of rows) lines.push(columns.map(([, read]) => field(read(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * @param {string} filename
 * @param {string} text
 */
export function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
