// Charts as PNG: a chart's canvas (uPlot draws axes and lines into one canvas) on a white
// background, under its title, note and a legend drawn from the chart's series, at the canvas's
// own resolution (device pixels).

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const INK = '#1f2933';
const MUTED = '#616e7c';

/**
 * The legend entries of a MetricCharts chart (web/ui/charts.js): one per visible line, band
 * edges left out.
 */
export function chartLegend(chart) {
  const out = [];
  chart.entries.forEach((e, i) => {
    if (e.edge) return;
    if (chart.u?.series?.[i + 1]?.show === false) return;
    out.push({ label: e.label, color: e.color, dash: e.dash ?? null });
  });
  return out;
}

/** Lays legend items out in rows within width (CSS px): [{x, y, item}], and the height used. */
export function layoutLegend(items, width, measure, { swatch = 18, gap = 14, lineHeight = 18 } = {}) {
  const placed = [];
  let x = 0;
  let y = 0;
  for (const item of items) {
    const w = swatch + 5 + measure(item.label);
    if (x > 0 && x + w > width) {
      x = 0;
      y += lineHeight;
    }
    placed.push({ x, y, item });
    x += w + gap;
  }
  return { placed, height: items.length ? y + lineHeight : 0 };
}

/**
 * A new canvas: white, the title (and note) on top, the legend, then the source canvas.
 * @param {HTMLCanvasElement} source
 * @param {{title: string, note?: string, legend?: {label, color, dash?}[], cssWidth?: number}} options
 */
export function composeChart(source, { title, note = '', legend = [], cssWidth = source.clientWidth || source.width }) {
  const scale = source.width / Math.max(1, cssWidth);
  const pad = 12;
  const width = Math.max(1, cssWidth) + 2 * pad;
  const probe = document.createElement('canvas').getContext('2d');
  probe.font = `12px ${FONT}`;
  const legendLayout = layoutLegend(legend, width - 2 * pad, (t) => probe.measureText(t).width);
  const titleH = 22;
  const noteH = note ? 16 : 0;
  const legendTop = pad + titleH + noteH + (legend.length ? 4 : 0);
  const imageTop = legendTop + legendLayout.height + 6;
  const cssHeight = imageTop + source.height / scale + pad;

  const out = document.createElement('canvas');
  out.width = Math.round(width * scale);
  out.height = Math.round(cssHeight * scale);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.scale(scale, scale);
  ctx.textBaseline = 'top';
  ctx.fillStyle = INK;
  // The title shrinks to fit a narrow chart.
  let size = 15;
  do ctx.font = `600 ${size}px ${FONT}`;
  while (size-- > 10 && ctx.measureText(title).width > width - 2 * pad);
  ctx.fillText(title, pad, pad);
  if (note) {
    ctx.fillStyle = MUTED;
    ctx.font = `12px ${FONT}`;
    ctx.fillText(note, pad, pad + titleH);
  }
  ctx.font = `12px ${FONT}`;
  for (const { x, y, item } of legendLayout.placed) {
    const top = legendTop + y;
    ctx.strokeStyle = item.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(item.dash ?? []);
    ctx.beginPath();
    ctx.moveTo(pad + x, top + 7);
    ctx.lineTo(pad + x + 18, top + 7);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = INK;
    ctx.fillText(item.label, pad + x + 23, top);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(source, Math.round(pad * scale), Math.round(imageTop * scale));
  return out;
}

/** A canvas as a PNG Blob. */
export function canvasToPng(canvas) {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png');
  });
}
