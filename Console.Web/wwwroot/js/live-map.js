// The live map: each floor drawn to scale on a canvas (nodes, edges, charging stations, lifts),
// every AGV on it as an oriented footprint coloured by its state, its current path, pan and zoom.
// Drawing happens at most once per animation frame and only when something changed; positions
// glide between reports so a 1 Hz AGV still moves smoothly.
import { connectFleet, isNewer, watchFloor } from './hub.js';
import { stateColour, setBadge, batteryNodes, idText, make } from './states.js';
import { createDispatch } from './dispatch.js';
import { createView } from './canvas-view.js';

const data = JSON.parse(document.getElementById('map-data').textContent);
const maps = new Map(data.maps.map(m => [m.mapId, { ...m, byId: new Map(m.nodes.map(n => [n.id, n])) }]));
const canvas = document.getElementById('map-canvas');
const wrap = document.getElementById('map-wrap');
const view = createView(canvas, wrap, () => { dirty = true; });
const { ctx, sx, sy } = view;
const vehicles = new Map();            // serial → { u: latest update, from, to, t0, dur }
let mapId = data.mapId;
let selected = data.agv || null;
let dirty = true;
let updatesInWindow = 0;
const latencies = [];                   // ms from the AGV's report timestamp to its drawing here
const updateCounts = {};                // serial → reports received (a new AGV timestamp)
// For tests and the load harness: what is shown, where, and how late.
window.__liveMap = {
  vehicles, latencies, updateCounts,
  get mapId() { return mapId; },
  get selected() { return selected; },
  screenOf(serial) { const v = vehicles.get(serial); if (!v) return null; const p = position(v, performance.now()); return { x: sx(p.x), y: sy(p.y), mapId: v.u.m }; },
};

// ---- data -----------------------------------------------------------------------------------
function apply(u) {
  const prev = vehicles.get(u.s);
  if (!isNewer(prev?.u, u)) return;
  const now = performance.now();
  const shown = prev ? position(prev, now) : { x: u.x, y: u.y, t: u.t };
  const jump = !prev || prev.u.m !== u.m;
  vehicles.set(u.s, {
    u, from: jump ? { x: u.x, y: u.y, t: u.t } : shown, to: { x: u.x, y: u.y, t: u.t }, t0: now,
    dur: jump ? 0 : Math.min(1000, Math.max(60, prev ? now - prev.t0 : 0)),
  });
  if (u.ts) latencies.push(Date.now() - u.ts);
  if (!prev || prev.u.ts !== u.ts) updateCounts[u.s] = (updateCounts[u.s] || 0) + 1;
  if (latencies.length > 5000) latencies.splice(0, latencies.length - 5000);
  updatesInWindow++;
}

function position(v, now) {
  const k = v.dur === 0 ? 1 : Math.min(1, (now - v.t0) / v.dur);
  let dt = v.to.t - v.from.t;
  if (dt > Math.PI * 1000) dt -= 2 * Math.PI * 1000;
  if (dt < -Math.PI * 1000) dt += 2 * Math.PI * 1000;
  return { x: v.from.x + (v.to.x - v.from.x) * k, y: v.from.y + (v.to.y - v.from.y) * k, t: v.from.t + dt * k, moving: k < 1 };
}

// ---- view -----------------------------------------------------------------------------------
const fit = () => view.fit(maps.get(mapId)?.nodes ?? []);

// ---- drawing --------------------------------------------------------------------------------
const nodeStyle = {
  normal: { r: 3, fill: '#adb5bd' }, charging: { r: 7, fill: '#0dcaf0' }, lift: { r: 8, fill: '#6f42c1' },
  parking: { r: 6, fill: '#20c997' }, navigationSwitch: { r: 6, fill: '#fd7e14' },
};

// The floor itself (edges, one-way arrows, nodes, labels) changes only with the view: it is drawn
// once into a layer of its own and copied each frame, so a crowded floor costs its AGVs, not its graph.
let floorLayer = null, floorKey = '';
function floorImage(m, w, h) {
  const key = `${m.mapId}|${view.scale}|${sx(0)}|${sy(0)}|${canvas.width}|${canvas.height}`;
  if (key !== floorKey) {
    floorLayer ??= document.createElement('canvas');
    floorLayer.width = canvas.width;
    floorLayer.height = canvas.height;
    const c = floorLayer.getContext('2d');
    c.setTransform(canvas.width / w, 0, 0, canvas.height / h, 0, 0);
    c.clearRect(0, 0, w, h);
    drawFloor(c, m);
    floorKey = key;
  }
  return floorLayer;
}

function drawFloor(ctx, m) {
  // edges: grey lines, arrows on one-way edges
  ctx.lineWidth = Math.max(1, 200 * view.scale);
  ctx.strokeStyle = '#dee2e6';
  ctx.beginPath();
  for (const e of m.edges) {
    const a = m.byId.get(e.from), b = m.byId.get(e.to);
    if (!a || !b) continue;
    ctx.moveTo(sx(a.x), sy(a.y));
    ctx.lineTo(sx(b.x), sy(b.y));
  }
  ctx.stroke();
  ctx.fillStyle = '#adb5bd';
  for (const e of m.edges) {
    if (e.bidirectional) continue;
    const a = m.byId.get(e.from), b = m.byId.get(e.to);
    if (!a || !b) continue;
    const mx = (sx(a.x) + sx(b.x)) / 2, my = (sy(a.y) + sy(b.y)) / 2, ang = Math.atan2(sy(b.y) - sy(a.y), sx(b.x) - sx(a.x));
    const s = Math.min(8, Math.max(4, 250 * view.scale));
    ctx.beginPath();
    ctx.moveTo(mx + Math.cos(ang) * s, my + Math.sin(ang) * s);
    ctx.lineTo(mx + Math.cos(ang + 2.5) * s, my + Math.sin(ang + 2.5) * s);
    ctx.lineTo(mx + Math.cos(ang - 2.5) * s, my + Math.sin(ang - 2.5) * s);
    ctx.fill();
  }

  // nodes
  const labels = view.scale > 0.035;
  ctx.font = '10px system-ui, sans-serif';
  for (const n of m.nodes) {
    const st = nodeStyle[n.kind] || nodeStyle.normal;
    ctx.fillStyle = st.fill;
    ctx.beginPath();
    ctx.arc(sx(n.x), sy(n.y), st.r, 0, Math.PI * 2);
    ctx.fill();
    if (n.kind === 'charging' || n.kind === 'lift') {
      ctx.fillStyle = '#fff';
      ctx.font = 'bold 9px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(n.kind === 'lift' ? 'L' : '⚡', sx(n.x), sy(n.y) + 0.5);
      ctx.font = '10px system-ui, sans-serif';
    }
    if (labels) {
      ctx.fillStyle = '#6c757d';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'alphabetic';
      ctx.fillText(String(n.id), sx(n.x) + 6, sy(n.y) - 6);
    }
  }
}

function draw() {
  const now = performance.now();
  const w = canvas.clientWidth, h = canvas.clientHeight;
  ctx.clearRect(0, 0, w, h);
  const m = maps.get(mapId);
  if (!m) return false;
  ctx.drawImage(floorImage(m, w, h), 0, 0, w, h);

  // paths of AGVs on this floor
  let animating = false;
  const onFloor = [];
  for (const v of vehicles.values()) if (v.u.m === mapId) onFloor.push(v);
  for (const v of onFloor) {
    if (!v.u.p || v.u.p.length < 2) continue;
    // The part already driven (up to the last node reached) is faint; what is left is dashed.
    const done = Math.max(0, v.u.p.indexOf(v.u.ln));
    ctx.strokeStyle = stateColour(v.u.st);
    ctx.lineWidth = v.u.s === selected ? 4 : 2.5;
    for (let i = 1; i < v.u.p.length; i++) {
      const a = m.byId.get(v.u.p[i - 1]), b = m.byId.get(v.u.p[i]);
      if (!a || !b) continue;
      ctx.globalAlpha = i <= done ? 0.15 : v.u.s === selected ? 0.9 : 0.45;
      ctx.setLineDash(i <= done ? [] : [8, 6]);
      ctx.beginPath();
      ctx.moveTo(sx(a.x), sy(a.y));
      ctx.lineTo(sx(b.x), sy(b.y));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }

  // spaces granted to SpaceRequests: hatched amber areas, held for their AGV until released or expired
  for (const v of onFloor) {
    for (const o of v.u.sp || []) {
      if (o.length < 6) continue;
      ctx.beginPath();
      ctx.moveTo(sx(o[0]), sy(o[1]));
      for (let i = 2; i < o.length; i += 2) ctx.lineTo(sx(o[i]), sy(o[i + 1]));
      ctx.closePath();
      ctx.fillStyle = 'rgba(255, 193, 7, 0.22)';
      ctx.fill();
      ctx.strokeStyle = '#e0a800';
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  // the path being planned in the dispatch panel
  const plan = dispatch?.plan;
  if (plan && plan.route.length > 1) {
    ctx.strokeStyle = '#0d6efd';
    ctx.lineWidth = 6;
    ctx.globalAlpha = 0.8;
    ctx.beginPath();
    plan.route.forEach((id, i) => { const n = m.byId.get(id); if (n) (i ? ctx.lineTo : ctx.moveTo).call(ctx, sx(n.x), sy(n.y)); });
    ctx.stroke();
    ctx.globalAlpha = 1;
    const last = m.byId.get(plan.route[plan.route.length - 1]);
    if (last) { ctx.fillStyle = '#0d6efd'; ctx.beginPath(); ctx.arc(sx(last.x), sy(last.y), 9, 0, Math.PI * 2); ctx.fill(); }
  }

  // vehicles: on a crowded floor as plain footprints, one path per state colour (a few fills a frame, not thousands)
  if (onFloor.length > 200) return drawCrowd(onFloor, now);
  for (const v of onFloor) {
    const p = position(v, now);
    if (p.moving) animating = true;
    const [len, wid] = v.u.w || [1200, 800];
    const x = sx(p.x), y = sy(p.y), a = -p.t / 1000;
    const L = Math.max(14, len * view.scale), W = Math.max(10, wid * view.scale);
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(a);
    ctx.fillStyle = stateColour(v.u.st);
    ctx.strokeStyle = v.u.s === selected ? '#000' : 'rgba(0,0,0,.55)';
    ctx.lineWidth = v.u.s === selected ? 3 : 1;
    roundRect(-L / 2, -W / 2, L, W, Math.min(4, W / 4));
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = 'rgba(255,255,255,.9)';   // heading marker at the front
    ctx.beginPath();
    ctx.moveTo(L / 2 - 2, 0);
    ctx.lineTo(L / 2 - Math.min(L / 3, 10), -W / 3);
    ctx.lineTo(L / 2 - Math.min(L / 3, 10), W / 3);
    ctx.closePath();
    ctx.fill();
    if (v.u.l) { ctx.fillStyle = 'rgba(0,0,0,.35)'; ctx.fillRect(-L / 4, -W / 4, L / 2.5, W / 2); }
    ctx.restore();
    // Serials stay readable: on a crowded floor only when zoomed in (and always for the selected AGV).
    if (v.u.s === selected || onFloor.length <= 60 || view.scale > 0.08) {
      ctx.fillStyle = '#212529';
      ctx.font = `${v.u.s === selected ? 'bold ' : ''}11px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(v.u.s, x, y + Math.max(L, W) / 2 + 3);
    }
  }
  return animating;
}

function drawCrowd(onFloor, now) {
  let animating = false;
  const byColour = new Map();
  const fronts = new Path2D();
  for (const v of onFloor) {
    const p = position(v, now);
    if (p.moving) animating = true;
    const [len, wid] = v.u.w || [1200, 800];
    const L = Math.max(6, len * view.scale) / 2, W = Math.max(4, wid * view.scale) / 2;
    const x = sx(p.x), y = sy(p.y), a = -p.t / 1000, c = Math.cos(a), s = Math.sin(a);
    const colour = stateColour(v.u.st);
    let path = byColour.get(colour);
    if (!path) byColour.set(colour, path = new Path2D());
    path.moveTo(x + L * c - W * s, y + L * s + W * c);
    path.lineTo(x - L * c - W * s, y - L * s + W * c);
    path.lineTo(x - L * c + W * s, y - L * s - W * c);
    path.lineTo(x + L * c + W * s, y + L * s - W * c);
    path.closePath();
    fronts.moveTo(x + L * c, y + L * s);                       // heading marker
    fronts.lineTo(x + L * 0.3 * c - W * 0.6 * s, y + L * 0.3 * s + W * 0.6 * c);
    fronts.lineTo(x + L * 0.3 * c + W * 0.6 * s, y + L * 0.3 * s - W * 0.6 * c);
    fronts.closePath();
  }
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(0,0,0,.55)';
  for (const [colour, path] of byColour) {
    ctx.fillStyle = colour;
    ctx.fill(path);
    ctx.stroke(path);
  }
  ctx.fillStyle = 'rgba(255,255,255,.9)';
  ctx.fill(fronts);
  const sel = selected && vehicles.get(selected);
  if (sel && sel.u.m === mapId) {
    const p = position(sel, now);
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.arc(sx(p.x), sy(p.y), Math.max(10, Math.max(...(sel.u.w || [1200, 800])) * view.scale * 0.7), 0, Math.PI * 2);
    ctx.stroke();
    ctx.fillStyle = '#212529';
    ctx.font = 'bold 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(sel.u.s, sx(p.x), sy(p.y) + 14);
  }
  return animating;
}

function roundRect(x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function frame() {
  if (dirty) {
    dirty = false;
    if (draw()) dirty = true; // keep gliding until every AGV reached its reported pose
  }
  requestAnimationFrame(frame);
}

// ---- side panel -----------------------------------------------------------------------------
function showSide() {
  const v = selected ? vehicles.get(selected) : null;
  document.getElementById('side-empty').classList.toggle('d-none', !!v);
  document.getElementById('side-agv').classList.toggle('d-none', !v);
  if (!v) { renderList(); return; }
  const u = v.u;
  document.getElementById('side-serial').textContent = u.s;
  setBadge(document.getElementById('side-state'), u.st);
  const battery = make('span', 'battery d-inline-flex align-items-center gap-1');
  battery.append(...batteryNodes(u.b, u.c));
  document.getElementById('side-battery').replaceChildren(battery);
  document.getElementById('side-task').textContent = idText(u.k);
  document.getElementById('side-pose').textContent = `${(u.x / 1000).toFixed(2)} m, ${(u.y / 1000).toFixed(2)} m, ${Math.round(u.t / 1000 * 180 / Math.PI)}°`;
  document.getElementById('side-speed').textContent = `${u.v} mm/s`;
  document.getElementById('side-nodes').textContent = `${idText(u.ln)} → ${idText(u.nn)}`;
  document.getElementById('side-confidence').textContent = `${u.q} %`;
  document.getElementById('side-errors').textContent = u.e.length ? u.e.map(c => '0x' + c.toString(16).padStart(4, '0')).join(', ') : 'none';
  document.getElementById('side-link').href = `/agvs/${encodeURIComponent(u.s)}`;
}

let listTimer = 0;
function renderList() {
  if (listTimer) return;
  listTimer = setTimeout(() => {
    listTimer = 0;
    const list = document.getElementById('side-list');
    const here = [...vehicles.values()].filter(v => v.u.m === mapId).sort((a, b) => a.u.s.localeCompare(b.u.s));
    // Elements, not an HTML string: a serial is whatever the AGV sent when it registered.
    if (here.length === 0) { list.replaceChildren(make('li', 'text-body-secondary', 'No AGV on this floor.')); return; }
    list.replaceChildren(...here.map(v => {
      const a = make('a', 'side-pick text-decoration-none');
      a.href = '#';
      a.dataset.serial = v.u.s;
      const badge = make('span');
      setBadge(badge, v.u.st);
      badge.classList.add('me-1');
      a.append(badge, v.u.s);
      const li = make('li', 'mb-1');
      li.append(a, ' ', make('span', 'text-body-secondary', v.u.ts ? `${v.u.b} %` : ''));
      return li;
    }));
  }, 250);
}

function select(serial) {
  if (serial !== selected) dispatch?.reset();
  selected = serial;
  const url = new URL(location.href);
  if (serial) url.searchParams.set('agv', serial); else url.searchParams.delete('agv');
  history.replaceState(null, '', url);
  showSide();
  dirty = true;
}

function switchMap(id) {
  if (!maps.has(id)) return;
  dispatch?.reset();
  mapId = id;
  watchFloor(id);
  const url = new URL(location.href);
  url.searchParams.set('map', id);
  history.replaceState(null, '', url);
  for (const a of document.querySelectorAll('#floor-switcher [data-map]')) {
    const on = Number(a.dataset.map) === id;
    a.classList.toggle('btn-primary', on);
    a.classList.toggle('btn-outline-primary', !on);
  }
  fit();
  showSide();
}

// ---- input ----------------------------------------------------------------------------------
let drag = null;
canvas.addEventListener('pointerdown', e => { drag = { x: e.offsetX, y: e.offsetY, moved: false }; canvas.setPointerCapture(e.pointerId); });
canvas.addEventListener('pointermove', e => {
  if (!drag) return;
  const dx = e.offsetX - drag.x, dy = e.offsetY - drag.y;
  if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
  if (drag.moved) { view.pan(dx, dy); drag.x = e.offsetX; drag.y = e.offsetY; }
});
canvas.addEventListener('pointerup', e => {
  const wasDrag = drag?.moved;
  drag = null;
  if (wasDrag) return;
  const hit = hitTest(e.offsetX, e.offsetY);
  if (hit) { select(hit); return; }
  const node = dispatch && selected ? nodeAt(e.offsetX, e.offsetY) : null;
  if (node !== null) { dispatch.nodeClicked(node); return; }
  select(null);
});

function nodeAt(px, py) {
  const m = maps.get(mapId);
  let best = null, bestD = 12;
  for (const n of m?.nodes ?? []) {
    const d = Math.hypot(sx(n.x) - px, sy(n.y) - py);
    if (d < bestD) { best = n.id; bestD = d; }
  }
  return best;
}
canvas.addEventListener('wheel', e => { e.preventDefault(); view.zoomAt(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.offsetX, e.offsetY); }, { passive: false });
document.getElementById('zoom-in').addEventListener('click', () => view.zoomAt(1.3, canvas.clientWidth / 2, canvas.clientHeight / 2));
document.getElementById('zoom-out').addEventListener('click', () => view.zoomAt(1 / 1.3, canvas.clientWidth / 2, canvas.clientHeight / 2));
document.getElementById('zoom-fit').addEventListener('click', fit);
document.getElementById('side-close').addEventListener('click', () => select(null));
document.getElementById('side-list').addEventListener('click', e => {
  const a = e.target.closest('[data-serial]');
  if (a) { e.preventDefault(); select(a.dataset.serial); }
});
for (const a of document.querySelectorAll('#floor-switcher [data-map]')) {
  a.addEventListener('click', e => { e.preventDefault(); switchMap(Number(a.dataset.map)); });
}

function hitTest(px, py) {
  const now = performance.now();
  let best = null, bestD = Infinity;
  for (const v of vehicles.values()) {
    if (v.u.m !== mapId) continue;
    const p = position(v, now);
    const d = Math.hypot(sx(p.x) - px, sy(p.y) - py);
    const reach = Math.max(12, Math.max(...(v.u.w || [1200, 800])) * view.scale / 2 + 4);
    if (d < reach && d < bestD) { best = v.u.s; bestD = d; }
  }
  return best;
}

// ---- start ----------------------------------------------------------------------------------
const dispatch = data.canDispatch ? createDispatch({ selected: () => selected, mapId: () => mapId, redraw: () => { dirty = true; } }) : null;
window.__liveMap.dispatch = dispatch;
window.__liveMap.nodeScreen = id => { const n = maps.get(mapId)?.byId.get(id); return n ? { x: sx(n.x), y: sy(n.y) } : null; };
for (const u of data.vehicles) apply(u);
view.observe(() => maps.get(mapId)?.nodes ?? []);
showSide();
requestAnimationFrame(frame);

watchFloor(mapId);
connectFleet(batch => {
  for (const u of batch) apply(u);
  dirty = true;
  if (selected && batch.some(u => u.s === selected)) showSide(); else if (!selected) renderList();
});

setInterval(() => {
  const here = [...vehicles.values()].filter(v => v.u.m === mapId).length;
  document.getElementById('map-stats').textContent = `${here} AGVs on this floor · ${updatesInWindow} updates/s`;
  updatesInWindow = 0;
}, 1000);
