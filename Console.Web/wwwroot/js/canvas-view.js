// The pan/zoom view shared by the live map and the map editor: world millimetres (y up) to CSS
// pixels (y down), canvases sized to their container at the device's pixel ratio, fit and zoom.
export function createView(wrap, canvases, onChange) {
  const v = { scale: 0.05, ox: 0, oy: 0, width: 1, height: 1 };
  let observer = null;
  const view = {
    get scale() { return v.scale; },
    get ox() { return v.ox; },
    get oy() { return v.oy; },
    get width() { return v.width; },
    get height() { return v.height; },
    version: 0,
    sx: x => x * v.scale + v.ox,
    sy: y => v.oy - y * v.scale,
    wx: px => (px - v.ox) / v.scale,
    wy: py => (v.oy - py) / v.scale,
    changed() { view.version++; onChange(); },
    resize() {
      const r = wrap.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      v.width = Math.max(1, r.width);
      v.height = Math.max(1, r.height);
      for (const canvas of canvases) {
        canvas.width = Math.max(1, Math.floor(r.width * dpr));
        canvas.height = Math.max(1, Math.floor(r.height * dpr));
        canvas.style.width = `${r.width}px`;
        canvas.style.height = `${r.height}px`;
      }
      view.changed();
    },
    /** Fits the box { minX, minY, maxX, maxY } (mm, with a margin) into the view; null shows the origin. */
    fitBox(box, margin = 2500) {
      const w = v.width, h = v.height;
      if (!box) { Object.assign(v, { scale: 0.05, ox: 60, oy: h - 60 }); view.changed(); return; }
      const minX = box.minX - margin, maxX = box.maxX + margin, minY = box.minY - margin, maxY = box.maxY + margin;
      v.scale = Math.min(w / (maxX - minX), h / (maxY - minY));
      v.ox = (w - (maxX - minX) * v.scale) / 2 - minX * v.scale;
      v.oy = h - (h - (maxY - minY) * v.scale) / 2 + minY * v.scale;
      view.changed();
    },
    /** Fits points ({x, y} objects) into the view. */
    fit(points, margin = 2500) { view.fitBox(boxOf(points.map(p => p.x), points.map(p => p.y)), margin); },
    zoomAt(factor, px, py) {
      const x = view.wx(px), y = view.wy(py);
      v.scale = Math.min(2, Math.max(0.002, v.scale * factor));
      v.ox = px - x * v.scale;
      v.oy = py + y * v.scale;
      view.changed();
    },
    pan(dx, dy) { v.ox += dx; v.oy += dy; view.changed(); },
    /** Resizes with its container; calls firstFit once, when it first has a size. */
    observe(firstFit) {
      let fitted = false;
      observer = new ResizeObserver(() => {
        view.resize();
        if (!fitted && v.width > 1) { fitted = true; firstFit(); }
      });
      observer.observe(wrap);
      view.resize();
      if (v.width > 1) { fitted = true; firstFit(); }
    },
    dispose() { observer?.disconnect(); },
  };
  return view;
}

/** The box around parallel coordinate arrays, or null when empty. */
export function boxOf(xs, ys) {
  if (xs.length === 0) return null;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < minX) minX = xs[i];
    if (xs[i] > maxX) maxX = xs[i];
    if (ys[i] < minY) minY = ys[i];
    if (ys[i] > maxY) maxY = ys[i];
  }
  return { minX, minY, maxX, maxY };
}
