// The pan/zoom view shared by the live map and the map editor: world millimetres (y up) to CSS
// pixels (y down), a canvas sized to its container at the device's pixel ratio, fit and zoom.
export function createView(canvas, wrap, onChange) {
  const ctx = canvas.getContext('2d');
  const v = { scale: 0.05, ox: 0, oy: 0 };
  const view = {
    ctx,
    get scale() { return v.scale; },
    sx: x => x * v.scale + v.ox,
    sy: y => v.oy - y * v.scale,
    wx: px => (px - v.ox) / v.scale,
    wy: py => (v.oy - py) / v.scale,
    resize() {
      const r = wrap.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.max(1, Math.floor(r.width * dpr));
      canvas.height = Math.max(1, Math.floor(r.height * dpr));
      canvas.style.width = `${r.width}px`;
      canvas.style.height = `${r.height}px`;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      onChange();
    },
    /** Fits the points (with a margin in mm) into the canvas; an empty set shows the origin. */
    fit(points, margin = 2500) {
      const w = canvas.clientWidth, h = canvas.clientHeight;
      if (points.length === 0) { Object.assign(v, { scale: 0.05, ox: 60, oy: h - 60 }); onChange(); return; }
      const xs = points.map(p => p.x), ys = points.map(p => p.y);
      const minX = Math.min(...xs) - margin, maxX = Math.max(...xs) + margin, minY = Math.min(...ys) - margin, maxY = Math.max(...ys) + margin;
      v.scale = Math.min(w / (maxX - minX), h / (maxY - minY));
      v.ox = (w - (maxX - minX) * v.scale) / 2 - minX * v.scale;
      v.oy = h - (h - (maxY - minY) * v.scale) / 2 + minY * v.scale;
      onChange();
    },
    zoomAt(factor, px, py) {
      const x = view.wx(px), y = view.wy(py);
      v.scale = Math.min(2, Math.max(0.002, v.scale * factor));
      v.ox = px - x * v.scale;
      v.oy = py + y * v.scale;
      onChange();
    },
    pan(dx, dy) { v.ox += dx; v.oy += dy; onChange(); },
    /** Resizes with its container; fits once, when it first has a size. */
    observe(points) {
      new ResizeObserver(() => { const first = canvas.width <= 1; view.resize(); if (first) view.fit(points()); }).observe(wrap);
      view.resize();
      view.fit(points());
    },
  };
  return view;
}
