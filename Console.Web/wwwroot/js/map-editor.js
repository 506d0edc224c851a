// The map editor's canvas, started by the MapEditor page (JS interop; it is given data only): nodes
// and edges drawn to scale, select and drag nodes (snapped to 100 mm), add nodes, join two nodes
// with an edge, delete. The map being edited lives here; the page changes it through the calls
// below (its property panel) and takes it back to validate and save. Everything it tells the page
// is data (what is selected, what just happened, as a code and numbers the page puts into words).
import { createView, boxOf } from './canvas-view.js';

const SNAP = 100;
const KINDS = ['normal', 'charging', 'lift', 'navigationSwitch', 'parking'];

/** host: an empty element; dotnet: the page (Selected, Status, Changed); init: { map, usedElsewhere, nodeKinds }. */
export function start(host, dotnet, init) {
  const wrap = document.createElement('div');
  wrap.className = 'map-canvas-wrap';
  const canvas = document.createElement('canvas');
  canvas.className = 'map-layer map-layer-top';
  canvas.id = 'editor-canvas';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', init.texts.canvas);
  wrap.append(canvas);
  host.replaceChildren(wrap);
  const ctx = canvas.getContext('2d');

  const map = structuredClone(init.map);
  map.nodes ??= [];
  map.edges ??= [];
  const usedElsewhere = new Set(init.usedElsewhere);
  const root = getComputedStyle(document.documentElement);
  const kindColour = KINDS.map(k => root.getPropertyValue(`--map-node-${k}`).trim() || '#90a4ae');
  const kindShapes = init.nodeKinds.map(paths => (paths || []).map(d => new Path2D(d)));
  let tool = 'select';
  let selected = null;            // { node: id } | { edge: index }
  let edgeStart = null;
  let dirty = true, disposed = false;

  const view = createView(wrap, [canvas], () => { dirty = true; });
  const dpr = () => window.devicePixelRatio || 1;
  const snap = v => Math.round(v / SNAP) * SNAP;
  const nodeById = id => map.nodes.find(n => n.id === id);
  const tell = (method, ...args) => dotnet.invokeMethodAsync(method, ...args).catch(() => {});
  const changed = () => { dirty = true; tell('Changed', map.nodes.length, map.edges.length); };

  // ---- drawing --------------------------------------------------------------------------------
  function draw() {
    ctx.setTransform(dpr(), 0, 0, dpr(), 0, 0);
    const w = view.width, h = view.height, { sx, sy, wx, wy } = view;
    ctx.clearRect(0, 0, w, h);
    if (view.scale > 0.02) {            // a 1 m grid when zoomed in enough
      ctx.strokeStyle = '#eceff1';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let x = Math.floor(wx(0) / 1000) * 1000; x < wx(w); x += 1000) { ctx.moveTo(sx(x), 0); ctx.lineTo(sx(x), h); }
      for (let y = Math.floor(wy(h) / 1000) * 1000; y < wy(0); y += 1000) { ctx.moveTo(0, sy(y)); ctx.lineTo(w, sy(y)); }
      ctx.stroke();
    }
    map.edges.forEach((e, i) => {
      const a = nodeById(e.from), b = nodeById(e.to);
      if (!a || !b) return;
      const sel = selected?.edge === i;
      ctx.strokeStyle = sel ? '#1565c0' : e.closed ? '#c62828' : '#b0bec5';
      ctx.lineWidth = sel ? 5 : 3;
      ctx.setLineDash(e.closed ? [6, 4] : []);
      ctx.beginPath(); ctx.moveTo(sx(a.x), sy(a.y)); ctx.lineTo(sx(b.x), sy(b.y)); ctx.stroke();
      ctx.setLineDash([]);
      const mx = (sx(a.x) + sx(b.x)) / 2, my = (sy(a.y) + sy(b.y)) / 2;
      if (!e.bidirectional) {
        const ang = Math.atan2(sy(b.y) - sy(a.y), sx(b.x) - sx(a.x));
        ctx.fillStyle = sel ? '#1565c0' : '#607d8b';
        ctx.beginPath();
        ctx.moveTo(mx + Math.cos(ang) * 8, my + Math.sin(ang) * 8);
        ctx.lineTo(mx + Math.cos(ang + 2.5) * 8, my + Math.sin(ang + 2.5) * 8);
        ctx.lineTo(mx + Math.cos(ang - 2.5) * 8, my + Math.sin(ang - 2.5) * 8);
        ctx.fill();
      }
      if (view.scale > 0.03) {
        // the speed limit beside the middle of the edge, off the line (node labels sit above and right of nodes)
        const dx = sx(b.x) - sx(a.x), dy = sy(b.y) - sy(a.y), len = Math.hypot(dx, dy) || 1;
        ctx.fillStyle = '#78909c'; ctx.font = '10px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
        ctx.fillText(`${e.maxSpeed}`, mx - dy / len * 10, my + dx / len * 10);
      }
    });
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    for (const n of map.nodes) {
      const k = Math.max(0, KINDS.indexOf(n.kind));
      const x = sx(n.x), y = sy(n.y), r = k === 0 ? 5 : 9;
      ctx.fillStyle = kindColour[k];
      ctx.beginPath(); ctx.arc(x, y, r, 0, Math.PI * 2); ctx.fill();
      if (k !== 0) {
        ctx.save(); ctx.translate(x - 7, y - 7); ctx.scale(14 / 24, 14 / 24); ctx.fillStyle = '#fff';
        for (const p of kindShapes[k] || []) ctx.fill(p);
        ctx.restore();
      }
      if (selected?.node === n.id || edgeStart === n.id) { ctx.strokeStyle = '#1565c0'; ctx.lineWidth = 3; ctx.beginPath(); ctx.arc(x, y, r + 3, 0, Math.PI * 2); ctx.stroke(); }
      const label = n.name ? `${n.name} (${n.id})` : String(n.id);
      ctx.lineWidth = 3; ctx.strokeStyle = 'rgba(255,255,255,.85)'; ctx.fillStyle = '#37474f';
      ctx.strokeText(label, x + 10, y - 9);
      ctx.fillText(label, x + 10, y - 9);
    }
  }
  function frame() {
    if (disposed) return;
    if (dirty) { dirty = false; draw(); }
    requestAnimationFrame(frame);
  }

  // ---- hit tests ------------------------------------------------------------------------------
  function nodeAt(px, py) {
    let best = null, d0 = 12;
    for (const n of map.nodes) { const d = Math.hypot(view.sx(n.x) - px, view.sy(n.y) - py); if (d < d0) { best = n; d0 = d; } }
    return best;
  }
  function edgeAt(px, py) {
    let best = -1, d0 = 7;
    map.edges.forEach((e, i) => {
      const a = nodeById(e.from), b = nodeById(e.to);
      if (!a || !b) return;
      const ax = view.sx(a.x), ay = view.sy(a.y), bx = view.sx(b.x), by = view.sy(b.y);
      const len2 = (bx - ax) ** 2 + (by - ay) ** 2 || 1;
      const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2));
      const d = Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
      if (d < d0) { best = i; d0 = d; }
    });
    return best;
  }
  function nextNodeId() {
    const mine = new Set(map.nodes.map(n => n.id));
    let id = mine.size ? Math.max(...mine) + 1 : map.mapId * 1000 + 1;
    while (usedElsewhere.has(id) || mine.has(id)) id++;
    return id;
  }

  // ---- editing --------------------------------------------------------------------------------
  /** What the page's property panel shows: a copy of the selected node or edge, or null. */
  function selection() {
    if (selected?.node !== undefined) { const n = nodeById(selected.node); return n ? { node: { ...n } } : null; }
    if (selected?.edge !== undefined) { const e = map.edges[selected.edge]; return e ? { edge: { ...e }, index: selected.edge } : null; }
    return null;
  }
  function select(sel) {
    selected = sel;
    dirty = true;
    tell('Selected', selection());
  }
  function removeNode(n) {
    map.nodes = map.nodes.filter(x => x !== n);
    map.edges = map.edges.filter(e => e.from !== n.id && e.to !== n.id);
    tell('Status', 'deletedNode', [n.id]);
    select(null);
    changed();
  }
  function removeEdge(i) {
    const e = map.edges[i];
    map.edges.splice(i, 1);
    tell('Status', 'deletedEdge', [e.from, e.to]);
    select(null);
    changed();
  }

  let drag = null;
  canvas.addEventListener('pointerdown', e => {
    const n = tool === 'select' ? nodeAt(e.offsetX, e.offsetY) : null;
    drag = { x: e.offsetX, y: e.offsetY, node: n, moved: false };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', e => {
    if (!drag) return;
    const dx = e.offsetX - drag.x, dy = e.offsetY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    if (drag.node) { drag.node.x = snap(view.wx(e.offsetX)); drag.node.y = snap(view.wy(e.offsetY)); dirty = true; }
    else { view.pan(dx, dy); drag.x = e.offsetX; drag.y = e.offsetY; }
  });
  canvas.addEventListener('pointerup', e => {
    const d = drag;
    drag = null;
    if (d?.moved) { if (d.node) { select({ node: d.node.id }); changed(); } return; }
    const px = e.offsetX, py = e.offsetY;
    switch (tool) {
      case 'select': {
        const n = nodeAt(px, py);
        if (n) { select({ node: n.id }); break; }
        const i = edgeAt(px, py);
        select(i >= 0 ? { edge: i } : null);
        break;
      }
      case 'node': {
        if (nodeAt(px, py)) break;
        const n = { id: nextNodeId(), x: snap(view.wx(px)), y: snap(view.wy(py)), kind: 'normal', linkedNodeId: null, maxWidthMm: null, name: null };
        map.nodes.push(n);
        select({ node: n.id });
        tell('Status', 'addedNode', [n.id]);
        changed();
        break;
      }
      case 'edge': {
        const n = nodeAt(px, py);
        if (!n) { edgeStart = null; tell('Status', 'pickNode', []); break; }
        if (edgeStart === null || edgeStart === n.id) { edgeStart = n.id; tell('Status', 'edgeFrom', [n.id]); break; }
        if (map.edges.some(x => (x.from === edgeStart && x.to === n.id) || (x.from === n.id && x.to === edgeStart))) {
          tell('Status', 'alreadyJoined', [edgeStart, n.id]);
        } else {
          map.edges.push({ from: edgeStart, to: n.id, bidirectional: true, maxSpeed: 1000, maxWidthMm: null, closed: null });
          select({ edge: map.edges.length - 1 });
          tell('Status', 'joined', [edgeStart, n.id]);
          changed();
        }
        edgeStart = null;
        break;
      }
      case 'delete': {
        const n = nodeAt(px, py);
        if (n) { removeNode(n); break; }
        const i = edgeAt(px, py);
        if (i >= 0) removeEdge(i);
        break;
      }
    }
    dirty = true;
  });
  canvas.addEventListener('wheel', e => { e.preventDefault(); view.zoomAt(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.offsetX, e.offsetY); }, { passive: false });

  // ---- what the page calls --------------------------------------------------------------------
  const fit = () => view.fitBox(boxOf(map.nodes.map(n => n.x), map.nodes.map(n => n.y)), 2000);
  const controller = {
    setTool(t) { tool = t; edgeStart = null; dirty = true; },
    fit,
    /** Changes the selected node; returns the id of another node with the same name (names are unique on a map), or null. */
    updateNode(id, patch) {
      const n = nodeById(id);
      if (!n) return null;
      Object.assign(n, patch);
      if (n.kind !== 'lift') n.linkedNodeId = null;
      changed();
      const name = (n.name ?? '').trim().toLowerCase();
      const other = name ? map.nodes.find(x => x !== n && (x.name ?? '').trim().toLowerCase() === name) : null;
      return other ? other.id : null;
    },
    updateEdge(index, patch) {
      const e = map.edges[index];
      if (!e) return;
      Object.assign(e, patch);
      changed();   // the page changed its selection already: an echo here could arrive after a newer change and undo it
    },
    /** Reverses a one-way edge (and makes a two-way one one-way, from its other end). */
    reverseEdge(index) {
      const e = map.edges[index];
      if (!e) return;
      [e.from, e.to] = [e.to, e.from];
      e.bidirectional = false;
      changed();   // the page reversed its selection the same way (MapEditor.ReverseAsync)
    },
    deleteSelected() {
      if (selected?.node !== undefined) { const n = nodeById(selected.node); if (n) removeNode(n); }
      else if (selected?.edge !== undefined) removeEdge(selected.edge);
    },
    /** Selects nodes (a traffic warning's), the first one in the panel. */
    selectNodes(ids) { if (ids.length) select({ node: ids[0] }); },
    /** The map as edited, as JSON bytes (the page reads it as a stream: a big map does not fit one circuit message). */
    mapJson() { return new TextEncoder().encode(JSON.stringify(map)); },
    dispose() {
      disposed = true;
      view.dispose();
      if (window.__editor === probe) delete window.__editor;
      host.replaceChildren();
    },
  };
  // For the browser tests: the model and where things are on the screen.
  const probe = {
    map, get selected() { return selected; }, get tool() { return tool; }, get edgeStart() { return edgeStart; },
    screenOf: id => { const n = nodeById(id); return n ? { x: view.sx(n.x), y: view.sy(n.y) } : null; },
    toScreen: (x, y) => ({ x: view.sx(x), y: view.sy(y) }),
    get nodes() { return map.nodes; },
    get edges() { return map.edges; },
  };
  window.__editor = probe;
  view.observe(fit);
  requestAnimationFrame(frame);
  return controller;
}
