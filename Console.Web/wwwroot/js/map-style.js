// How the live map shows states: a colour (console.css, --map-state-<name>; the legend's swatches
// use the same) and a glyph, the same Material icon the state chips show (its SVG path data comes
// from the page as data), white with a dark rim so it reads on any colour. State is never colour alone.
export const GLYPH_PX = 64;            // one glyph's cell in the atlas

/**
 * states: { names: [...StateNames.All], glyphs: [[pathData, ...] per name], unknown, stale, waiting, outOfDispatch: [pathData, ...] }.
 * Atlas cells and colours: one per state name in the wire's order, then unknown, stale, waiting and out of dispatch.
 */
export function createStyle(states) {
  const root = getComputedStyle(document.documentElement);
  const read = (name, fallback) => root.getPropertyValue(name).trim() || fallback;
  const n = states.names.length;
  const cells = [...states.glyphs, states.unknown, states.stale, states.waiting, states.outOfDispatch];
  const css = [...states.names.map(s => read(`--map-state-${s}`, '#78909c')), read('--map-state-unknown', '#78909c'), read('--map-state-stale', '#9e9e9e'), '#000', '#000'];
  const rgba = new Float32Array(css.length * 4);
  const probe = document.createElement('canvas').getContext('2d');
  css.forEach((c, i) => rgba.set(parse(probe, c), i * 4));

  const atlas = document.createElement('canvas');
  atlas.width = GLYPH_PX * cells.length;
  atlas.height = GLYPH_PX;
  const g = atlas.getContext('2d');
  const scale = (GLYPH_PX - 12) / 24;   // Material icons are drawn on a 24-unit grid
  cells.forEach((paths, i) => {
    const shapes = (paths || []).map(d => new Path2D(d));
    g.save();
    g.translate(i * GLYPH_PX + 6, 6);
    g.scale(scale, scale);
    g.lineJoin = 'round';
    g.strokeStyle = 'rgba(20, 24, 28, 0.95)';
    g.lineWidth = 4.5;
    for (const p of shapes) g.stroke(p);
    g.fillStyle = '#ffffff';
    for (const p of shapes) g.fill(p);
    g.restore();
  });
  return {
    css, rgba, atlas, cells: cells.length,
    unknownCode: n, staleCode: n + 1, waitingCode: n + 2, outCode: n + 3,
    /** The colour and glyph cell of a state code from the wire (255: unknown). */
    codeOf: wire => (wire < n ? wire : n),
  };
}

function parse(probe, colour) {
  probe.fillStyle = '#000';
  probe.fillStyle = colour;
  const v = probe.fillStyle;   // #rrggbb or rgba(...)
  if (v.startsWith('#')) return [1, 3, 5].map(i => parseInt(v.slice(i, i + 2), 16) / 255).concat(1);
  const m = v.match(/[\d.]+/g).map(Number);
  return [m[0] / 255, m[1] / 255, m[2] / 255, m.length > 3 ? m[3] : 1];
}
