// The live map's AGVs on a Canvas 2D, where WebGL2 is not there (map-agvs-gl.js draws the same):
// footprints filled one path per state colour (a few fills a frame, not thousands), fronts in one
// path, glyphs copied from the atlas. Arrays are reused from frame to frame.
import { MARK_SELECTED, MARK_HOVERED, MARK_WAITING, MARK_LOADED, MARK_OUT } from './map-agvs-gl.js';

const STRIDE = 6;   // per AGV on screen: x, y, cos, sin, half length, half width (CSS px)

export function create2dLayer(canvas, style) {
  const ctx = canvas.getContext('2d');
  let members = new Int32Array(256), marks = new Uint8Array(256), order = new Int32Array(256);
  let p = new Float64Array(256 * STRIDE);
  const perCell = new Int32Array(style.cells + 1);
  const at = new Float64Array(3);
  let count = 0, fleet = null, width = 1, height = 1, glidesUntil = 0, stale = false;
  // The glyphs at the size they are drawn (device pixels): copying them unscaled costs a fraction of scaling each one.
  const sized = new Map();
  function atlasAt(g) {
    let a = sized.get(g);
    if (!a) {
      a = document.createElement('canvas');
      a.width = g * style.cells;
      a.height = g;
      const c = a.getContext('2d');
      c.imageSmoothingQuality = 'high';
      c.drawImage(style.atlas, 0, 0, a.width, a.height);
      sized.set(g, a);
    }
    return a;
  }

  const cellOf = j => (stale ? style.staleCode : style.codeOf(fleet.state[members[j]]));

  function quad(x, y, c, s, L, W) {
    ctx.moveTo(x + L * c - W * s, y + L * s + W * c);
    ctx.lineTo(x - L * c - W * s, y - L * s + W * c);
    ctx.lineTo(x - L * c + W * s, y - L * s - W * c);
    ctx.lineTo(x + L * c + W * s, y + L * s - W * c);
    ctx.closePath();
  }
  const body = j => { const o = j * STRIDE; quad(p[o], p[o + 1], p[o + 2], p[o + 3], p[o + 4], p[o + 5]); };
  function front(j) {
    const o = j * STRIDE, L = p[o + 4], W = p[o + 5];
    if (L < 9) return;
    const x = p[o], y = p[o + 1], c = p[o + 2], s = p[o + 3], back = L - Math.min(L * 0.66, 10);
    ctx.moveTo(x + (L - 2) * c, y + (L - 2) * s);
    ctx.lineTo(x + back * c - W * 0.66 * s, y + back * s + W * 0.66 * c);
    ctx.lineTo(x + back * c + W * 0.66 * s, y + back * s - W * 0.66 * c);
    ctx.closePath();
  }
  function load(j) {
    const o = j * STRIDE, c = p[o + 2], s = p[o + 3], L = p[o + 4];
    quad(p[o] - L * 0.1 * c, p[o + 1] - L * 0.1 * s, c, s, L * 0.3, p[o + 5] * 0.45);
  }

  return {
    kind: '2d',
    resize(w, h) {
      width = w; height = h;
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    },
    update(f, n, markOf) {
      fleet = f;
      if (members.length < n) {
        members = new Int32Array(n * 2); marks = new Uint8Array(n * 2); order = new Int32Array(n * 2); p = new Float64Array(n * 2 * STRIDE);
      }
      glidesUntil = 0;
      for (let j = 0; j < n; j++) {
        const i = f.onFloor[j];
        members[j] = i;
        marks[j] = markOf(i);
        if (f.start[i] + f.dur[i] > glidesUntil) glidesUntil = f.start[i] + f.dur[i];
      }
      count = n;
    },
    draw(view, now, isStale) {
      stale = isStale;
      ctx.clearRect(0, 0, width, height);
      if (count === 0 || !fleet) return false;
      for (let j = 0; j < count; j++) {
        const i = members[j], o = j * STRIDE;
        fleet.position(i, stale ? Infinity : now, at);
        const a = -at[2] / 1000;
        p[o] = at[0] * view.scale + view.ox; p[o + 1] = view.oy - at[1] * view.scale;
        p[o + 2] = Math.cos(a); p[o + 3] = Math.sin(a);
        p[o + 4] = Math.max(8, fleet.len[i] * view.scale) / 2; p[o + 5] = Math.max(6, fleet.wid[i] * view.scale) / 2;
      }
      // counting sort by colour: one path per colour
      perCell.fill(0);
      for (let j = 0; j < count; j++) perCell[cellOf(j) + 1]++;
      for (let c = 1; c < perCell.length; c++) perCell[c] += perCell[c - 1];
      for (let j = 0; j < count; j++) order[perCell[cellOf(j)]++] = j;
      ctx.lineWidth = 1;
      ctx.strokeStyle = 'rgba(0,0,0,.6)';
      for (let k = 0; k < count;) {
        const cell = cellOf(order[k]);
        ctx.beginPath();
        for (; k < count && cellOf(order[k]) === cell; k++) body(order[k]);
        ctx.fillStyle = style.css[cell];
        ctx.fill();
        ctx.stroke();
      }
      ctx.beginPath();
      for (let j = 0; j < count; j++) front(j);
      ctx.fillStyle = 'rgba(255,255,255,.85)';
      ctx.fill();
      ctx.beginPath();
      for (let j = 0; j < count; j++) if (marks[j] & MARK_LOADED) load(j);
      ctx.fillStyle = 'rgba(0,0,0,.35)';
      ctx.fill();
      for (let j = 0; j < count; j++) {
        if (!(marks[j] & (MARK_SELECTED | MARK_HOVERED))) continue;
        ctx.beginPath();
        body(j);
        ctx.lineWidth = marks[j] & MARK_SELECTED ? 3 : 2;
        ctx.strokeStyle = marks[j] & MARK_SELECTED ? '#000' : '#0d47a1';
        ctx.stroke();
      }
      // glyphs, upright, copied unscaled at whole device pixels
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (stale) ctx.globalAlpha = 0.75;
      for (let j = 0; j < count; j++) {
        const o = j * STRIDE, g = Math.round(Math.min(24, Math.max(14, Math.min(p[o + 4], p[o + 5]) * 1.8)) * dpr);
        const a = atlasAt(g), x = Math.round(p[o] * dpr - g / 2), y = Math.round(p[o + 1] * dpr - g / 2);
        ctx.drawImage(a, cellOf(j) * g, 0, g, g, x, y, g, g);
        if (marks[j] & MARK_WAITING) {
          const w = Math.round(g * 0.85), b = atlasAt(w);
          ctx.drawImage(b, style.waitingCode * w, 0, w, w, Math.round(x + g / 2 + g * 0.75 - w / 2), Math.round(y + g / 2 - g * 0.75 - w / 2), w, w);
        }
        if (marks[j] & MARK_OUT) {
          const w = Math.round(g * 0.85), b = atlasAt(w);
          ctx.drawImage(b, style.outCode * w, 0, w, w, Math.round(x + g / 2 - g * 0.75 - w / 2), Math.round(y + g / 2 + g * 0.75 - w / 2), w, w);
        }
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.globalAlpha = 1;
      return !stale && now < glidesUntil;
    },
    dispose() { fleet = null; },
  };
}
