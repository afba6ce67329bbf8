// Dataset thumbnails, drawn from the points the engine's own generators make.
import { CLASS_COLORS } from './colors.js';

/** Draws points ({x1, x2, label} arrays over [-6, 6]^2) into a small canvas. */
export function drawThumbnail(canvas, points, problem) {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  const scale = w / 12;
  for (let i = 0; i < points.x1.length; i++) {
    const label = points.label[i];
    ctx.fillStyle = problem === 'regression'
      ? (label >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0])
      : CLASS_COLORS[label > 0.5 ? 1 : 0];
    ctx.globalAlpha = problem === 'regression' ? 0.25 + 0.75 * Math.min(1, Math.abs(label)) : 1;
    ctx.beginPath();
    ctx.arc((points.x1[i] + 6) * scale, (6 - points.x2[i]) * scale, 2.2, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}
