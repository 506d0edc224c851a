// The live map's base layer: the floor (edges, one-way arrows, closed edges, nodes by kind, names)
// drawn once per view into a layer of its own, and over it the routes: each AGV's path (the part
// driven faint, the rest dashed), the nodes traffic control has cleared it to drive (solid), the
// spaces granted to it, its destination (a flag), and the path being planned in the dispatch panel.
// Redrawn when they change, not every frame.
export const KINDS = ['normal', 'charging', 'lift', 'navigationSwitch', 'parking'];
const EDGE_BOTH = 1, EDGE_CLOSED = 2;

/** floor: { mapId, nodes: { id, x, y, kind, name }, edges: { from, to, flags } } as parallel arrays. */
export function prepareFloor(floor) {
  const byId = new Map();
  for (let i = 0; i < floor.nodes.id.length; i++) byId.set(floor.nodes.id[i], i);
  return { ...floor, byId };
}

export function createBase(canvas, kinds) {
  const ctx = canvas.getContext('2d');
  const cache = document.createElement('canvas');
  const cctx = cache.getContext('2d');
  let key = '';
  const root = getComputedStyle(document.documentElement);
  const kindColour = KINDS.map(k => root.getPropertyValue(`--map-node-${k}`).trim() || '#90a4ae');
  const kindShapes = kinds.map(paths => (paths || []).map(d => new Path2D(d)));

  function drawFloor(c, floor, view) {
    const { nodes, edges, byId } = floor;
    const sx = x => x * view.scale + view.ox, sy = y => view.oy - y * view.scale;
    c.lineCap = 'round';
    c.lineWidth = Math.max(1.5, 200 * view.scale);
    c.strokeStyle = '#cfd8dc';
    c.beginPath();
    for (let e = 0; e < edges.from.length; e++) {
      if (edges.flags[e] & EDGE_CLOSED) continue;
      const a = byId.get(edges.from[e]), b = byId.get(edges.to[e]);
      if (a === undefined || b === undefined) continue;
      c.moveTo(sx(nodes.x[a]), sy(nodes.y[a]));
      c.lineTo(sx(nodes.x[b]), sy(nodes.y[b]));
    }
    c.stroke();
    // closed edges: red, dashed (kept on the map, never planned over)
    c.strokeStyle = '#c62828';
    c.lineWidth = 2;
    c.setLineDash([5, 4]);
    c.beginPath();
    for (let e = 0; e < edges.from.length; e++) {
      if (!(edges.flags[e] & EDGE_CLOSED)) continue;
      const a = byId.get(edges.from[e]), b = byId.get(edges.to[e]);
      if (a === undefined || b === undefined) continue;
      c.moveTo(sx(nodes.x[a]), sy(nodes.y[a]));
      c.lineTo(sx(nodes.x[b]), sy(nodes.y[b]));
    }
    c.stroke();
    c.setLineDash([]);
    // one-way edges: an arrow in the middle
    c.fillStyle = '#78909c';
    c.beginPath();
    const s = Math.min(8, Math.max(4, 250 * view.scale));
    for (let e = 0; e < edges.from.length; e++) {
      if (edges.flags[e] & EDGE_BOTH) continue;
      const a = byId.get(edges.from[e]), b = byId.get(edges.to[e]);
      if (a === undefined || b === undefined) continue;
      const ax = sx(nodes.x[a]), ay = sy(nodes.y[a]), bx = sx(nodes.x[b]), by = sy(nodes.y[b]);
      const mx = (ax + bx) / 2, my = (ay + by) / 2, ang = Math.atan2(by - ay, bx - ax);
      c.moveTo(mx + Math.cos(ang) * s, my + Math.sin(ang) * s);
      c.lineTo(mx + Math.cos(ang + 2.5) * s, my + Math.sin(ang + 2.5) * s);
      c.lineTo(mx + Math.cos(ang - 2.5) * s, my + Math.sin(ang - 2.5) * s);
      c.closePath();
    }
    c.fill();
    // nodes: plain ones small and grey, the others as a disc of their colour with their icon
    c.fillStyle = kindColour[0];
    c.beginPath();
    for (let i = 0; i < nodes.id.length; i++) {
      if (nodes.kind[i] !== 0) continue;
      c.moveTo(sx(nodes.x[i]) + 3, sy(nodes.y[i]));
      c.arc(sx(nodes.x[i]), sy(nodes.y[i]), 3, 0, Math.PI * 2);
    }
    c.fill();
    for (let i = 0; i < nodes.id.length; i++) {
      const k = nodes.kind[i];
      if (k === 0) continue;
      const x = sx(nodes.x[i]), y = sy(nodes.y[i]);
      c.fillStyle = kindColour[k];
      c.beginPath();
      c.arc(x, y, 9, 0, Math.PI * 2);
      c.fill();
      c.save();
      c.translate(x - 7, y - 7);
      c.scale(14 / 24, 14 / 24);
      c.fillStyle = '#fff';
      for (const p of kindShapes[k] || []) c.fill(p);
      c.restore();
    }
    // names (and ids when zoomed in) beside their nodes
    const ids = view.scale > 0.06, names = view.scale > 0.025;
    if (!ids && !names) return;
    c.font = '11px system-ui, sans-serif';
    c.textAlign = 'left';
    c.textBaseline = 'alphabetic';
    c.lineWidth = 3;
    c.strokeStyle = 'rgba(255,255,255,.85)';
    c.fillStyle = '#455a64';
    for (let i = 0; i < nodes.id.length; i++) {
      const name = nodes.name[i];
      const text = name && names ? name : ids ? String(nodes.id[i]) : null;
      if (!text) continue;
      const x = sx(nodes.x[i]) + 7, y = sy(nodes.y[i]) - 7;
      c.strokeText(text, x, y);
      c.fillText(text, x, y);
    }
  }

  function floorImage(floor, view, w, h, dpr) {
    const k = `${floor.mapId}|${floor.version}|${view.scale}|${view.ox}|${view.oy}|${w}|${h}|${dpr}`;
    if (k !== key) {
      cache.width = Math.max(1, Math.round(w * dpr));
      cache.height = Math.max(1, Math.round(h * dpr));
      cctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      cctx.clearRect(0, 0, w, h);
      drawFloor(cctx, floor, view);
      key = k;
    }
    return cache;
  }

  return {
    /**
     * routes: { fleet, n, selected (index or -1), plan (node ids or null), picked (node id or null), colours (CSS strings by cell), codeOf }.
     */
    draw(floor, view, w, h, routes) {
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (!floor) return;
      ctx.drawImage(floorImage(floor, view, w, h, dpr), 0, 0);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawRoutes(ctx, floor, view, routes);
    },
    invalidate() { key = ''; },
  };
}

function drawRoutes(c, floor, view, r) {
  const { nodes, byId } = floor;
  const sx = x => x * view.scale + view.ox, sy = y => view.oy - y * view.scale;
  const { fleet, n, selected } = r;
  const flags = [];
  for (let j = 0; j < n; j++) {
    const i = fleet.onFloor[j];
    const path = fleet.path[i];
    const mine = i === selected;
    if (path && path.length > 1) {
      const done = Math.max(0, path.indexOf(fleet.lastNode[i]));
      c.strokeStyle = r.colours[r.codeOf(fleet.state[i])];
      c.lineWidth = mine ? 4 : 2.5;
      // driven: faint and solid; ahead: dashed
      c.globalAlpha = 0.18;
      c.beginPath();
      for (let k = 1; k <= done; k++) segment(path[k - 1], path[k]);
      c.stroke();
      c.globalAlpha = mine ? 0.95 : 0.5;
      c.setLineDash([8, 6]);
      c.beginPath();
      for (let k = Math.max(1, done + 1); k < path.length; k++) segment(path[k - 1], path[k]);
      c.stroke();
      c.setLineDash([]);
      c.globalAlpha = 1;
      const last = path[path.length - 1];
      if (last !== fleet.lastNode[i] || fleet.task[i] !== 0xFFFFFFFF) flags.push(last, mine ? 1 : 0);
    }
    // cleared by traffic control and not passed yet: solid, from where it stands
    const cleared = fleet.cleared[i];
    if (cleared && cleared.length > 1) {
      c.strokeStyle = r.colours[r.codeOf(fleet.state[i])];
      c.lineWidth = mine ? 6 : 4;
      c.globalAlpha = mine ? 0.9 : 0.6;
      c.beginPath();
      for (let k = 1; k < cleared.length; k++) segment(cleared[k - 1], cleared[k]);
      c.stroke();
      c.globalAlpha = 1;
    }
    for (const o of fleet.spaces[i] || []) {
      if (o.length < 6) continue;
      c.beginPath();
      c.moveTo(sx(o[0]), sy(o[1]));
      for (let k = 2; k < o.length; k += 2) c.lineTo(sx(o[k]), sy(o[k + 1]));
      c.closePath();
      c.fillStyle = 'rgba(255, 179, 0, 0.22)';
      c.fill();
      c.strokeStyle = '#b26a00';
      c.lineWidth = 1.5;
      c.setLineDash([4, 3]);
      c.stroke();
      c.setLineDash([]);
    }
  }
  // the path being planned
  const plan = r.plan;
  if (plan && plan.length > 1) {
    c.strokeStyle = '#1565c0';
    c.lineWidth = 6;
    c.globalAlpha = 0.8;
    c.beginPath();
    for (let k = 1; k < plan.length; k++) segment(plan[k - 1], plan[k]);
    c.stroke();
    c.globalAlpha = 1;
  }
  if (plan && plan.length > 0) flags.push(plan[plan.length - 1], 2);
  if (r.picked !== null && r.picked !== undefined) ring(r.picked);
  // destinations: a flag on the node each path ends at (bigger for the selected AGV and the plan)
  for (let k = 0; k < flags.length; k += 2) flag(flags[k], flags[k + 1]);

  function segment(a, b) {
    const p = byId.get(a), q = byId.get(b);
    if (p === undefined || q === undefined) return;
    c.moveTo(sx(nodes.x[p]), sy(nodes.y[p]));
    c.lineTo(sx(nodes.x[q]), sy(nodes.y[q]));
  }
  function ring(id) {
    const p = byId.get(id);
    if (p === undefined) return;
    c.strokeStyle = '#1565c0';
    c.lineWidth = 3;
    c.beginPath();
    c.arc(sx(nodes.x[p]), sy(nodes.y[p]), 13, 0, Math.PI * 2);
    c.stroke();
  }
  function flag(id, size) {
    const p = byId.get(id);
    if (p === undefined) return;
    const x = sx(nodes.x[p]), y = sy(nodes.y[p]), h = size ? 24 : 14;
    c.strokeStyle = '#263238';
    c.lineWidth = size ? 2 : 1.5;
    c.beginPath();
    c.moveTo(x, y);
    c.lineTo(x, y - h);
    c.stroke();
    c.fillStyle = size === 2 ? '#1565c0' : size ? '#d84315' : '#546e7a';
    c.beginPath();
    c.moveTo(x, y - h);
    c.lineTo(x + h * 0.6, y - h * 0.78);
    c.lineTo(x, y - h * 0.55);
    c.closePath();
    c.fill();
  }
}

/** The node nearest to (px, py) within reach CSS px, as its index in floor.nodes, or -1. */
export function nodeAt(floor, view, px, py, reach = 12) {
  if (!floor) return -1;
  const { nodes } = floor;
  let best = -1, bestD = reach * reach;
  for (let i = 0; i < nodes.id.length; i++) {
    const dx = nodes.x[i] * view.scale + view.ox - px, dy = view.oy - nodes.y[i] * view.scale - py;
    const d = dx * dx + dy * dy;
    if (d < bestD) { best = i; bestD = d; }
  }
  return best;
}
