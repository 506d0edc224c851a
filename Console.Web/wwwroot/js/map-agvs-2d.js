// The live map's AGVs on a Canvas 2D, where WebGL2 is not there (map-agvs-gl.js draws the same).
// A small AGV (the whole site in view) is one copy of a sprite: its footprint turned to the nearest
// 10°, filled, outlined, with its front, its load and its glyph, drawn once per look and then copied
// (a path and a glyph per AGV cost twice as much: 2 000 AGVs took 13 ms a frame, the sprites 6 ms).
// A large AGV (zoomed in) is drawn exactly: footprints filled one path per state colour (a few
// fills a frame, not thousands), fronts in one path, glyphs copied from the atlas. Arrays are
// reused from frame to frame.
import { MARK_SELECTED, MARK_HOVERED, MARK_WAITING, MARK_LOADED, MARK_OUT } from './map-agvs-gl.js';

const STRIDE = 6;   // per AGV on screen: x, y, cos, sin, half length, half width (CSS px)
const SPRITE_UP_TO = 12;           // half length and half width (CSS px) up to which an AGV is a sprite
const TURNS = 36;                  // sprite headings: every 10°, at most 5° off (about 1 px at that size)
const OUTLINE = 'rgba(0,0,0,.6)', FRONT_FILL = 'rgba(255,255,255,.85)', LOAD_FILL = 'rgba(0,0,0,.35)';
const FRONT_FROM = 9;              // half length (CSS px) from which the front is drawn
const SPRITES_KEPT = 2048;         // looks kept (state × heading × size × load; a zoom makes new sizes): at most ≈ 30 MB at 2 device px per CSS px

export function create2dLayer(canvas, style) {
  const ctx = canvas.getContext('2d');
  let members = new Int32Array(256), marks = new Uint8Array(256), order = new Int32Array(256), byCell = new Int32Array(256);
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
  const glyphPx = (o, dpr) => Math.round(Math.min(24, Math.max(14, Math.min(p[o + 4], p[o + 5]) * 1.8)) * dpr);
  const isSprite = o => p[o + 4] <= SPRITE_UP_TO && p[o + 5] <= SPRITE_UP_TO;

  // Sprites by a number made of what they show, so that finding one allocates nothing.
  const sprites = new Map();
  function spriteOf(cell, turn, L, W, g, loaded, dpr) {
    // whole CSS px: a zoom then makes a new size only every pixel, and half a pixel off does not show at this size
    const Lq = Math.round(L), Wq = Math.round(W);
    const key = ((((cell * TURNS + turn) * 16 + Lq) * 16 + Wq) * 128 + g) * 2 + (loaded ? 1 : 0);
    let sprite = sprites.get(key);
    if (sprite) return sprite;
    if (sprites.size >= SPRITES_KEPT) sprites.clear();
    const size = Math.ceil(Math.max(g, 2 * Math.hypot(Lq, Wq) * dpr + 4));
    sprite = document.createElement('canvas');
    sprite.width = sprite.height = size;
    const c = sprite.getContext('2d');
    const a = turn * 2 * Math.PI / TURNS;
    // the footprint, front and load exactly as the exact path draws them, in CSS px around the middle
    c.setTransform(dpr, 0, 0, dpr, size / 2, size / 2);
    shape(c, 0, 0, Math.cos(a), Math.sin(a), Lq, Wq, style.css[cell], loaded);
    c.setTransform(1, 0, 0, 1, 0, 0);
    if (cell === style.staleCode) c.globalAlpha = 0.75;
    const o = Math.round(size / 2 - g / 2);
    c.drawImage(atlasAt(g), cell * g, 0, g, g, o, o, g, g);
    sprites.set(key, sprite);
    return sprite;
  }

  /** One AGV's footprint, front and load on any context (the sprites' way; the exact path batches the same by colour). */
  function shape(c, x, y, cs, sn, L, W, fill, loaded) {
    c.beginPath();
    quadOn(c, x, y, cs, sn, L, W);
    c.fillStyle = fill;
    c.fill();
    c.lineWidth = 1;
    c.strokeStyle = OUTLINE;
    c.stroke();
    if (L >= FRONT_FROM) {
      c.beginPath();
      frontOn(c, x, y, cs, sn, L, W);
      c.fillStyle = FRONT_FILL;
      c.fill();
    }
    if (loaded) {
      c.beginPath();
      loadOn(c, x, y, cs, sn, L, W);
      c.fillStyle = LOAD_FILL;
      c.fill();
    }
  }

  function quadOn(g, x, y, c, s, L, W) {
    g.moveTo(x + L * c - W * s, y + L * s + W * c);
    g.lineTo(x - L * c - W * s, y - L * s + W * c);
    g.lineTo(x - L * c + W * s, y - L * s - W * c);
    g.lineTo(x + L * c + W * s, y + L * s - W * c);
    g.closePath();
  }
  function frontOn(g, x, y, c, s, L, W) {
    const back = L - Math.min(L * 0.66, 10);
    g.moveTo(x + (L - 2) * c, y + (L - 2) * s);
    g.lineTo(x + back * c - W * 0.66 * s, y + back * s + W * 0.66 * c);
    g.lineTo(x + back * c + W * 0.66 * s, y + back * s - W * 0.66 * c);
    g.closePath();
  }
  const loadOn = (g, x, y, c, s, L, W) => quadOn(g, x - L * 0.1 * c, y - L * 0.1 * s, c, s, L * 0.3, W * 0.45);
  // one AGV of the exact path by its index on screen
  const on = (draw, j) => { const o = j * STRIDE; draw(ctx, p[o], p[o + 1], p[o + 2], p[o + 3], p[o + 4], p[o + 5]); };

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
        members = new Int32Array(n * 2); marks = new Uint8Array(n * 2); order = new Int32Array(n * 2); byCell = new Int32Array(n * 2);
        p = new Float64Array(n * 2 * STRIDE);
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
      const dpr = window.devicePixelRatio || 1;
      // sprites, at whole device pixels
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      let exact = 0;
      for (let j = 0; j < count; j++) {
        const o = j * STRIDE;
        if (!isSprite(o)) { order[exact++] = j; continue; }
        const turn = ((Math.round(Math.atan2(p[o + 3], p[o + 2]) * TURNS / (2 * Math.PI)) % TURNS) + TURNS) % TURNS;
        const sprite = spriteOf(cellOf(j), turn, p[o + 4], p[o + 5], glyphPx(o, dpr), (marks[j] & MARK_LOADED) !== 0, dpr);
        ctx.drawImage(sprite, Math.round(p[o] * dpr - sprite.width / 2), Math.round(p[o + 1] * dpr - sprite.height / 2));
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      // the exact ones: counting sort by colour, one path per colour
      perCell.fill(0);
      for (let k = 0; k < exact; k++) perCell[cellOf(order[k]) + 1]++;
      for (let c = 1; c < perCell.length; c++) perCell[c] += perCell[c - 1];
      for (let k = 0; k < exact; k++) byCell[perCell[cellOf(order[k])]++] = order[k];
      ctx.lineWidth = 1;
      ctx.strokeStyle = OUTLINE;
      for (let k = 0; k < exact;) {
        const cell = cellOf(byCell[k]);
        ctx.beginPath();
        for (; k < exact && cellOf(byCell[k]) === cell; k++) on(quadOn, byCell[k]);
        ctx.fillStyle = style.css[cell];
        ctx.fill();
        ctx.stroke();
      }
      ctx.beginPath();
      for (let k = 0; k < exact; k++) if (p[order[k] * STRIDE + 4] >= FRONT_FROM) on(frontOn, order[k]);
      ctx.fillStyle = FRONT_FILL;
      ctx.fill();
      ctx.beginPath();
      for (let k = 0; k < exact; k++) if (marks[order[k]] & MARK_LOADED) on(loadOn, order[k]);
      ctx.fillStyle = LOAD_FILL;
      ctx.fill();
      for (let j = 0; j < count; j++) {
        if (!(marks[j] & (MARK_SELECTED | MARK_HOVERED))) continue;
        ctx.beginPath();
        on(quadOn, j);
        ctx.lineWidth = marks[j] & MARK_SELECTED ? 3 : 2;
        ctx.strokeStyle = marks[j] & MARK_SELECTED ? '#000' : '#0d47a1';
        ctx.stroke();
      }
      // glyphs of the exact ones and every AGV's marks, upright, copied unscaled at whole device pixels
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (stale) ctx.globalAlpha = 0.75;
      for (let j = 0; j < count; j++) {
        const o = j * STRIDE, g = glyphPx(o, dpr), sprite = isSprite(o);
        if (sprite && !(marks[j] & (MARK_WAITING | MARK_OUT))) continue;
        const x = Math.round(p[o] * dpr - g / 2), y = Math.round(p[o + 1] * dpr - g / 2);
        if (!sprite) ctx.drawImage(atlasAt(g), cellOf(j) * g, 0, g, g, x, y, g, g);
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
    /** Looks made into sprites and kept (tests: the small-AGV path ran). */
    get sprites() { return sprites.size; },
    dispose() { fleet = null; },
  };
}
