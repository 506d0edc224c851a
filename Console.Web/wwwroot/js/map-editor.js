// The map editor: nodes and edges on a canvas. Select and drag nodes, add nodes and edges, delete
// them, set a node's kind (and a lift's link to another floor), an edge's direction and speed
// limit. "Validate and save" sends the whole map; the server checks it and stores nothing if
// anything is wrong, listing every problem.
const data = JSON.parse(document.getElementById('editor-data').textContent);
const canvas = document.getElementById('editor-canvas');
const wrap = document.getElementById('editor-wrap');
import { createView } from './canvas-view.js';
const el = id => document.getElementById(id);
const SNAP = 100;

const map = structuredClone(data.map);
map.nodes ??= [];
map.edges ??= [];
let selected = null;            // { node: id } | { edge: index }
let edgeStart = null;           // first node of an edge being drawn
let dirty = true;
const usedElsewhere = new Set(data.lifts.map(l => l.id));

const view = createView(canvas, wrap, () => { dirty = true; });
const { ctx, sx, sy, wx, wy } = view;
const snap = v => Math.round(v / SNAP) * SNAP;
const tool = () => document.querySelector('input[name="tool"]:checked').value;
const nodeById = id => map.nodes.find(n => n.id === id);

function status(text) { el('editor-status').textContent = text; }

function option(value, text) {
  const o = document.createElement('option');
  o.value = String(value);
  o.textContent = text;
  return o;
}

// ---- view -----------------------------------------------------------------------------------
const fit = () => view.fit(map.nodes, 2000);

// ---- drawing --------------------------------------------------------------------------------
const kindColour = { normal: '#adb5bd', charging: '#0dcaf0', lift: '#6f42c1', parking: '#20c997', navigationSwitch: '#fd7e14' };

function draw() {
  const w = canvas.clientWidth, h = canvas.clientHeight;
  ctx.clearRect(0, 0, w, h);
  // 1 m grid when zoomed in enough
  if (view.scale > 0.02) {
    ctx.strokeStyle = '#f1f3f5';
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
    ctx.strokeStyle = sel ? '#0d6efd' : '#ced4da';
    ctx.lineWidth = sel ? 5 : 3;
    ctx.beginPath(); ctx.moveTo(sx(a.x), sy(a.y)); ctx.lineTo(sx(b.x), sy(b.y)); ctx.stroke();
    if (!e.bidirectional) {
      const mx = (sx(a.x) + sx(b.x)) / 2, my = (sy(a.y) + sy(b.y)) / 2, ang = Math.atan2(sy(b.y) - sy(a.y), sx(b.x) - sx(a.x));
      ctx.fillStyle = sel ? '#0d6efd' : '#868e96';
      ctx.beginPath();
      ctx.moveTo(mx + Math.cos(ang) * 8, my + Math.sin(ang) * 8);
      ctx.lineTo(mx + Math.cos(ang + 2.5) * 8, my + Math.sin(ang + 2.5) * 8);
      ctx.lineTo(mx + Math.cos(ang - 2.5) * 8, my + Math.sin(ang - 2.5) * 8);
      ctx.fill();
    }
    if (view.scale > 0.03) {
      ctx.fillStyle = '#868e96'; ctx.font = '9px system-ui'; ctx.textAlign = 'center';
      ctx.fillText(`${e.maxSpeed}`, (sx(a.x) + sx(b.x)) / 2, (sy(a.y) + sy(b.y)) / 2 - 6);
    }
  });
  for (const n of map.nodes) {
    const sel = selected?.node === n.id || edgeStart === n.id;
    ctx.fillStyle = kindColour[n.kind] || kindColour.normal;
    ctx.beginPath(); ctx.arc(sx(n.x), sy(n.y), n.kind === 'normal' ? 5 : 8, 0, Math.PI * 2); ctx.fill();
    if (sel) { ctx.strokeStyle = '#0d6efd'; ctx.lineWidth = 3; ctx.stroke(); }
    ctx.fillStyle = '#495057'; ctx.font = '10px system-ui'; ctx.textAlign = 'left';
    ctx.fillText(String(n.id), sx(n.x) + 8, sy(n.y) - 8);
  }
}

function frame() { if (dirty) { dirty = false; draw(); } requestAnimationFrame(frame); }

// ---- hit tests ------------------------------------------------------------------------------
function nodeAt(px, py) {
  let best = null, d0 = 12;
  for (const n of map.nodes) { const d = Math.hypot(sx(n.x) - px, sy(n.y) - py); if (d < d0) { best = n; d0 = d; } }
  return best;
}

function edgeAt(px, py) {
  let best = -1, d0 = 7;
  map.edges.forEach((e, i) => {
    const a = nodeById(e.from), b = nodeById(e.to);
    if (!a || !b) return;
    const ax = sx(a.x), ay = sy(a.y), bx = sx(b.x), by = sy(b.y);
    const len2 = (bx - ax) ** 2 + (by - ay) ** 2 || 1;
    const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2));
    const d = Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
    if (d < d0) { best = i; d0 = d; }
  });
  return best;
}

function nextNodeId() {
  const mine = map.nodes.map(n => n.id);
  let id = mine.length ? Math.max(...mine) + 1 : map.mapId * 1000 + 1;
  while (usedElsewhere.has(id) || mine.includes(id)) id++;
  return id;
}

// ---- editing --------------------------------------------------------------------------------
function select(sel) {
  selected = sel;
  const node = sel?.node !== undefined ? nodeById(sel.node) : null;
  const edge = sel?.edge !== undefined ? map.edges[sel.edge] : null;
  el('node-props').classList.toggle('d-none', !node);
  el('edge-props').classList.toggle('d-none', !edge);
  el('editor-empty').classList.toggle('d-none', !!(node || edge));
  if (node) {
    el('node-id').textContent = node.id;
    el('node-x').value = node.x; el('node-y').value = node.y; el('node-kind').value = node.kind;
    el('node-link-row').classList.toggle('d-none', node.kind !== 'lift');
    el('node-link').replaceChildren(option('', 'none'), ...data.lifts.map(l => option(l.id, `${l.id} (${l.map})`)));
    el('node-link').value = node.linkedNodeId ?? '';
  }
  if (edge) {
    el('edge-name').textContent = `${edge.from} ${edge.bidirectional ? '↔' : '→'} ${edge.to}`;
    el('edge-bidirectional').checked = edge.bidirectional;
    el('edge-speed').value = edge.maxSpeed;
  }
  dirty = true;
}

function deleteAt(px, py) {
  const n = nodeAt(px, py);
  if (n) {
    map.nodes = map.nodes.filter(x => x !== n);
    map.edges = map.edges.filter(e => e.from !== n.id && e.to !== n.id);
    status(`deleted node ${n.id} and its edges`);
  } else {
    const i = edgeAt(px, py);
    if (i >= 0) { const e = map.edges[i]; map.edges.splice(i, 1); status(`deleted edge ${e.from}–${e.to}`); }
  }
  select(null);
}

let drag = null;
canvas.addEventListener('pointerdown', e => {
  const n = tool() === 'select' ? nodeAt(e.offsetX, e.offsetY) : null;
  drag = { x: e.offsetX, y: e.offsetY, node: n, moved: false };
  canvas.setPointerCapture(e.pointerId);
});
canvas.addEventListener('pointermove', e => {
  if (!drag) return;
  const dx = e.offsetX - drag.x, dy = e.offsetY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  drag.moved = true;
  if (drag.node) {
    drag.node.x = snap(wx(e.offsetX)); drag.node.y = snap(wy(e.offsetY));
    if (selected?.node === drag.node.id) { el('node-x').value = drag.node.x; el('node-y').value = drag.node.y; }
  } else { view.pan(dx, dy); drag.x = e.offsetX; drag.y = e.offsetY; }
  dirty = true;
});
canvas.addEventListener('pointerup', e => {
  const d = drag;
  drag = null;
  if (d?.moved) { if (d.node) select({ node: d.node.id }); return; }
  const px = e.offsetX, py = e.offsetY;
  switch (tool()) {
    case 'select': {
      const n = nodeAt(px, py);
      if (n) { select({ node: n.id }); break; }
      const i = edgeAt(px, py);
      select(i >= 0 ? { edge: i } : null);
      break;
    }
    case 'node': {
      if (nodeAt(px, py)) break;
      const n = { id: nextNodeId(), x: snap(wx(px)), y: snap(wy(py)), kind: 'normal', linkedNodeId: null };
      map.nodes.push(n);
      select({ node: n.id });
      status(`added node ${n.id}`);
      break;
    }
    case 'edge': {
      const n = nodeAt(px, py);
      if (!n) { edgeStart = null; status('click a node to start an edge'); break; }
      if (edgeStart === null || edgeStart === n.id) { edgeStart = n.id; status(`edge from ${n.id}: click the node it goes to`); break; }
      if (map.edges.some(x => (x.from === edgeStart && x.to === n.id) || (x.from === n.id && x.to === edgeStart))) {
        status(`${edgeStart} and ${n.id} are already joined`);
      } else {
        map.edges.push({ from: edgeStart, to: n.id, bidirectional: true, maxSpeed: 1000 });
        select({ edge: map.edges.length - 1 });
        status(`added edge ${edgeStart}–${n.id}`);
      }
      edgeStart = null;
      break;
    }
    case 'delete': deleteAt(px, py); break;
  }
  dirty = true;
});
canvas.addEventListener('wheel', e => { e.preventDefault(); view.zoomAt(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.offsetX, e.offsetY); }, { passive: false });

const current = () => selected?.node !== undefined ? nodeById(selected.node) : null;
el('node-x').addEventListener('change', () => { const n = current(); if (n) { n.x = Number(el('node-x').value); dirty = true; } });
el('node-y').addEventListener('change', () => { const n = current(); if (n) { n.y = Number(el('node-y').value); dirty = true; } });
el('node-kind').addEventListener('change', () => {
  const n = current();
  if (!n) return;
  n.kind = el('node-kind').value;
  if (n.kind !== 'lift') n.linkedNodeId = null;
  select({ node: n.id });
});
el('node-link').addEventListener('change', () => { const n = current(); if (n) n.linkedNodeId = el('node-link').value ? Number(el('node-link').value) : null; });
const currentEdge = () => selected?.edge !== undefined ? map.edges[selected.edge] : null;
el('edge-bidirectional').addEventListener('change', () => { const e = currentEdge(); if (e) { e.bidirectional = el('edge-bidirectional').checked; select(selected); } });
el('edge-flip').addEventListener('click', () => { const e = currentEdge(); if (e) { [e.from, e.to] = [e.to, e.from]; e.bidirectional = false; select(selected); } });
el('edge-speed').addEventListener('change', () => { const e = currentEdge(); if (e) { e.maxSpeed = Number(el('edge-speed').value); dirty = true; } });
for (const r of document.querySelectorAll('input[name="tool"]')) r.addEventListener('change', () => { edgeStart = null; status(''); dirty = true; });
el('zoom-fit').addEventListener('click', fit);

el('editor-save').addEventListener('click', async () => {
  map.mapId = Number(el('map-id').value);
  map.name = el('map-name').value;
  map.building = el('map-building').value;
  map.floor = Number(el('map-floor').value);
  const token = document.querySelector('#antiforgery input[name="__RequestVerificationToken"]').value;
  const r = await fetch('/ui/maps', { method: 'POST', headers: { 'Content-Type': 'application/json', RequestVerificationToken: token }, body: JSON.stringify(map) });
  let answer = null;
  try { answer = await r.json(); } catch { }
  const box = el('editor-result');
  if (r.ok) {
    box.className = 'alert alert-success py-2 small';
    box.textContent = answer.message;
    if (data.isNew) history.replaceState(null, '', `/maps/${map.mapId}/edit`);
    el('map-id').disabled = true;
  } else {
    box.className = 'alert alert-danger py-2 small';
    const errors = answer?.errors ?? [];
    // The server's messages repeat what was sent (names, kinds): they stay text.
    const title = document.createElement('strong');
    title.textContent = answer?.message ?? answer?.detail ?? 'Not saved.';
    box.replaceChildren(title);
    if (errors.length) {
      const list = document.createElement('ul');
      list.className = 'mb-0 ps-3';
      for (const e of errors.slice(0, 15)) { const li = document.createElement('li'); li.textContent = e; list.append(li); }
      box.append(list);
    }
  }
});

// ---- start ----------------------------------------------------------------------------------
el('map-id').value = map.mapId;
el('map-name').value = map.name ?? '';
el('map-building').value = map.building ?? '';
el('map-floor').value = map.floor ?? 1;
window.__editor = { map, select, get selected() { return selected; }, screenOf: id => { const n = nodeById(id); return n ? { x: sx(n.x), y: sy(n.y) } : null; }, toScreen: (x, y) => ({ x: sx(x), y: sy(y) }) };
view.observe(() => map.nodes);
select(null);
requestAnimationFrame(frame);
