// Charts drawn as inline SVG with the DOM (no library, no CDN, no fonts to fetch). Each chart is an
// image with an accessible name (role="img", aria-labelledby its <title> and <desc>); the numbers it
// shows are also in a real <table> beside it, which is what a screen reader reads.
import { h } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) el.append(child instanceof Node ? child : String(child));
  return el;
}

/** The SVG root: scales to its box; named by its title and description. */
function chartSvg(id, { title, description, width, height }, ...content) {
  return s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart-svg', preserveAspectRatio: 'xMinYMin meet' },
    s('title', { id: `${id}-title` }, title),
    s('desc', { id: `${id}-desc` }, description),
    content,
  );
}

/**
 * Bars stacked by series, one per category (a day), from 0 up to the tallest total.
 * @param {{ id: string, title: string, description: string, categories: string[], series: {key: string, label: string, colour: string}[], value: (category: string, key: string) => number }} c
 */
export function stackedBars(c) {
  const width = 480;
  const height = 200;
  const left = 30;
  const bottom = 22;
  const top = 8;
  const plotHeight = height - top - bottom;
  const totals = c.categories.map((cat) => c.series.reduce((sum, ser) => sum + c.value(cat, ser.key), 0));
  const max = Math.max(1, ...totals);
  const step = (width - left - 4) / Math.max(1, c.categories.length);
  const barWidth = Math.max(1, step * 0.8);
  const y = (v) => top + plotHeight - (v / max) * plotHeight;
  const bars = c.categories.map((cat, i) => {
    let base = 0;
    return c.series.map((ser) => {
      const v = c.value(cat, ser.key);
      if (!v) return null;
      const rect = s('rect', { x: (left + i * step).toFixed(2), y: y(base + v).toFixed(2), width: barWidth.toFixed(2), height: ((v / max) * plotHeight).toFixed(2), fill: ser.colour }, s('title', {}, `${cat}: ${v} ${ser.label}`));
      base += v;
      return rect;
    });
  });
  const ticks = [0, Math.round(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
  const axis = ticks.map((v) => [s('line', { x1: left, x2: width, y1: y(v), y2: y(v), class: 'chart-grid' }), s('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'chart-label' }, String(v))]);
  const labelEvery = Math.max(1, Math.ceil(c.categories.length / 6));
  const xLabels = c.categories.map((cat, i) => (i % labelEvery === 0 ? s('text', { x: left + i * step, y: height - 6, class: 'chart-label' }, cat.slice(5)) : null));
  return chartSvg(c.id, { title: c.title, description: c.description, width, height }, axis, bars, xLabels);
}

/**
 * Horizontal bars, one group per row (its label above), each row one or more measures; `format`
 * writes a value beside its bar. Values are drawn against `max` (1 for shares).
 * @param {{ id: string, title: string, description: string, rows: {label: string, values: {label: string, value: number | null, colour: string}[]}[], max: number, format: (v: number) => string }} c
 */
export function horizontalBars(c) {
  const width = 480;
  const labelHeight = 17;
  const barHeight = 14;
  const rowGap = 8;
  // Room on the right for the longest value text.
  const plotWidth = width - (c.rows.some((r) => r.values.length > 1) ? 190 : 70);
  const rowHeight = (row) => labelHeight + row.values.length * (barHeight + 3) + rowGap;
  const height = c.rows.reduce((sum, row) => sum + rowHeight(row), 2);
  const max = c.max || 1;
  let at = 2;
  const rows = c.rows.map((row) => {
    const top = at;
    at += rowHeight(row);
    return [
      s('text', { x: 0, y: top + 13, class: 'chart-label chart-row-label' }, row.label),
      row.values.map((m, i) => {
        const y = top + labelHeight + i * (barHeight + 3);
        const w = m.value === null ? 0 : Math.max(1, (m.value / max) * plotWidth);
        return [
          s('rect', { x: 0, y, width: w.toFixed(2), height: barHeight, fill: m.colour }, s('title', {}, `${row.label}, ${m.label}: ${m.value === null ? 'no data' : c.format(m.value)}`)),
          s('text', { x: w + 5, y: y + barHeight - 3, class: 'chart-label' }, `${row.values.length > 1 ? `${m.label} ` : ''}${m.value === null ? '–' : c.format(m.value)}`),
        ];
      }),
    ];
  });
  return chartSvg(c.id, { title: c.title, description: c.description, width, height }, rows);
}

/** A real table with its caption; `rows` are arrays of cell text, the first cell a row header. */
export function dataTable(caption, headers, rows) {
  return h(
    'table',
    { class: 'chart-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((text, i) => (i === 0 ? h('th', { scope: 'row' }, text) : h('td', {}, text)))))),
  );
}

/** A chart with its table beside it; a colour key when the chart has series. */
export function chartFigure(id, heading, svg, table, key = []) {
  return h(
    'figure',
    { class: 'chart', id, 'aria-labelledby': `${id}-heading` },
    h('figcaption', { id: `${id}-heading`, class: 'chart-heading' }, heading),
    h('div', { class: 'chart-body' }, h('div', { class: 'chart-drawing' }, svg, key.length ? h('ul', { class: 'chart-key', 'aria-hidden': 'true' }, key.map((k) => h('li', {}, s('svg', { class: 'swatch', viewBox: '0 0 10 10', width: 10, height: 10 }, s('rect', { width: 10, height: 10, fill: k.colour })), k.label))) : null), h('div', { class: 'chart-table-box', tabindex: '0', role: 'region', 'aria-label': `${heading}: table` }, table)),
  );
}
