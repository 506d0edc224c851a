// The live map's canvas, started by the LiveMap page (JS interop; everything it is given is data):
// the floor, the routes and every AGV of the shown floor from the SignalR feed (map-feed.js), drawn
// with WebGL2 (map-agvs-gl.js) or, without it, Canvas 2D (map-agvs-2d.js). Pan, zoom, hover
// (a tooltip with the AGV's or the node's name), click (told to the page, which owns selection,
// side panel and dispatch). While the feed or the page's connection is down, AGVs are drawn as stale.
import { createView, boxOf } from './canvas-view.js';
import { createFleet, idOrNull, RECORD_SIZE, FLAG_LOADED, FLAG_WAITING, FLAG_OUT_OF_DISPATCH } from './map-fleet.js';
import { connectFloorFeed } from './map-feed.js';
import { createStyle } from './map-style.js';
import { createGlLayer, MARK_SELECTED, MARK_HOVERED, MARK_WAITING, MARK_LOADED, MARK_OUT } from './map-agvs-gl.js';
import { create2dLayer } from './map-agvs-2d.js';
import { createBase, prepareFloor, nodeAt, KINDS } from './map-floor.js';

/** Labels for every AGV up to this many on the floor; above it only on hover and for the selected one. */
const LABEL_ALL_UP_TO = 40;
/** The routes layer follows the fleet at most this often (ms); view, selection and plan redraw it at once. */
const ROUTES_EVERY = 250;

/**
 * host: an empty element the page gives this module. dotnet: the page's reference (AgvClicked,
 * NodeClicked, MapClicked). init: { floor, states, nodeKinds, texts, selected, renderer }.
 */
export function start(host, dotnet, init) {
  const make = (tag, cls) => { const e = document.createElement(tag); if (cls) e.className = cls; return e; };
  const wrap = make('div', 'map-canvas-wrap');
  const baseCanvas = make('canvas', 'map-layer');
  const agvCanvas = make('canvas', 'map-layer');
  const overlay = make('canvas', 'map-layer');
  // Pointer and wheel go to the wrap (the overlay is hidden while it has nothing to show: one layer less to composite).
  wrap.classList.add('map-layer-top');
  wrap.setAttribute('role', 'img');
  wrap.setAttribute('aria-label', init.texts.canvas);
  wrap.id = 'map-canvas';
  const tooltip = make('div', 'map-tooltip');
  tooltip.setAttribute('role', 'tooltip');
  tooltip.hidden = true;
  const banner = make('div', 'map-stale-banner');
  banner.setAttribute('role', 'status');
  banner.textContent = init.texts.feedDown;
  wrap.append(baseCanvas, agvCanvas, overlay, tooltip, banner);
  host.replaceChildren(wrap);

  const style = createStyle(init.states);
  const fleet = createFleet();
  const base = createBase(baseCanvas, init.nodeKinds);
  const octx = overlay.getContext('2d');
  const layer = (pickRenderer(init.renderer) === 'webgl' ? createGlLayer(agvCanvas, style) : null) ?? create2dLayer(agvCanvas, style);

  let floor = null;
  let selected = init.selected ?? null, selectedIndex = -1;
  let hovered = -1, hoveredNode = -1, pointer = null;
  let plan = null, picked = null;
  let feedDown = true, stale = true;
  let dirtyAgvs = true, dirtyBase = true, routesAt = 0, routesVersion = -1, marksKey = '';
  let fleetVersion = 0, drawnVersion = -1, animating = false;
  let labelAll = true, disposed = false;
  const pendingTs = [];                       // AGV timestamps applied since the last frame drawn
  const timing = { batches: 0, batchMs: 0, frames: 0, drawMs: 0, records: 0 };   // where the page's time goes (bench/)
  const latencies = [];                       // state → screen, ms (for the load harness and tests)
  const updateCounts = {};                    // serial → reports received
  let framesDrawn = 0;

  const view = createView(wrap, [baseCanvas, agvCanvas, overlay], () => { layer.resize(view.width, view.height); dirtyBase = true; dirtyAgvs = true; });

  // ---- the feed -------------------------------------------------------------------------------
  const feed = connectFloorFeed({
    onBatch(records, details, gone) {
      const now = performance.now();
      timing.batches++;
      timing.records += records.byteLength / RECORD_SIZE;
      for (const d of details || []) fleet.detail(d);
      for (const i of gone || []) fleet.remove(i);
      for (let o = 0; o + RECORD_SIZE <= records.byteLength; o += RECORD_SIZE) {
        const ts = fleet.apply(records, o, now);
        if (ts > 0) {
          pendingTs.push(ts);
          const s = fleet.serial[records.getUint32(o, true)];
          if (s !== undefined) updateCounts[s] = (updateCounts[s] || 0) + 1;
        }
      }
      if (selected !== null && (selectedIndex < 0 || fleet.serial[selectedIndex] !== selected)) selectedIndex = fleet.indexOf(selected);
      fleetVersion++;
      timing.batchMs += performance.now() - now;
    },
    onState(state) { feedDown = state !== 'live'; },
  });

  // ---- drawing --------------------------------------------------------------------------------
  const markOf = i => (i === selectedIndex ? MARK_SELECTED : 0) | (i === hovered ? MARK_HOVERED : 0)
    | (fleet.flags[i] & FLAG_WAITING ? MARK_WAITING : 0) | (fleet.flags[i] & FLAG_LOADED ? MARK_LOADED : 0)
    | (fleet.flags[i] & FLAG_OUT_OF_DISPATCH ? MARK_OUT : 0);

  function tick() {
    if (disposed) return;
    requestAnimationFrame(tick);
    const now = performance.now();
    draw(now);
    const spent = performance.now() - now;
    if (spent > 0.05) { timing.frames++; timing.drawMs += spent; }
  }

  function draw(now) {
    const isStale = feedDown || document.documentElement.classList.contains('console-stale');
    if (isStale !== stale) { stale = isStale; wrap.classList.toggle('map-stale', stale); dirtyAgvs = true; }
    const n = fleet.members();
    const key = `${selectedIndex}|${hovered}`;
    if (fleetVersion !== drawnVersion || key !== marksKey) {
      layer.update(fleet, n, markOf, now);
      drawnVersion = fleetVersion;
      marksKey = key;
      dirtyAgvs = true;
    }
    if (dirtyBase || (fleet.detailsVersion !== routesVersion && now - routesAt >= ROUTES_EVERY)) {
      base.draw(floor, view, view.width, view.height, {
        fleet, n, selected: selectedIndex, plan, picked, colours: style.css, codeOf: style.codeOf,
      });
      routesVersion = fleet.detailsVersion;
      routesAt = now;
      dirtyBase = false;
    }
    if (dirtyAgvs || animating) {
      animating = layer.draw(view, now, stale);
      dirtyAgvs = false;
      framesDrawn++;
      labelAll = n <= LABEL_ALL_UP_TO;
      drawLabels(n, now);
      if (pendingTs.length) {
        const at = Date.now();
        for (const ts of pendingTs) latencies.push(at - ts);
        pendingTs.length = 0;
        if (latencies.length > 50000) latencies.splice(0, latencies.length - 50000);
      }
    }
  }

  const pos = new Float64Array(3);
  let overlayUsed = true;
  function drawLabels(n, now) {
    const showSelected = selectedIndex >= 0 && fleet.known[selectedIndex] && fleet.mapId[selectedIndex] === fleet.floor && Number.isFinite(fleet.toX[selectedIndex]);
    const used = labelAll || showSelected || hovered >= 0;
    if (!used && !overlayUsed) return;
    overlayUsed = used;
    overlay.hidden = !used;
    octx.setTransform(window.devicePixelRatio || 1, 0, 0, window.devicePixelRatio || 1, 0, 0);
    octx.clearRect(0, 0, view.width, view.height);
    if (!used) return;
    octx.font = '12px system-ui, sans-serif';
    octx.textAlign = 'center';
    octx.textBaseline = 'top';
    octx.lineWidth = 3;
    octx.strokeStyle = 'rgba(255,255,255,.9)';
    octx.fillStyle = stale ? '#616161' : '#1b1f23';
    const label = i => {
      const s = fleet.serial[i];
      if (s === undefined) return;
      fleet.position(i, stale ? Infinity : now, pos);
      const x = view.sx(pos[0]), y = view.sy(pos[1]) + Math.max(fleet.len[i], fleet.wid[i]) * view.scale / 2 + 6;
      if (x < -100 || x > view.width + 100 || y < -20 || y > view.height + 20) return;
      octx.font = i === selectedIndex ? 'bold 12px system-ui, sans-serif' : '12px system-ui, sans-serif';
      octx.strokeText(s, x, y);
      octx.fillText(s, x, y);
    };
    // the selected AGV: a ring around it, whatever its size on the screen
    if (showSelected) {
      fleet.position(selectedIndex, stale ? Infinity : now, pos);
      const r = Math.max(14, Math.max(fleet.len[selectedIndex], fleet.wid[selectedIndex]) * view.scale * 0.62 + 6);
      octx.beginPath();
      octx.arc(view.sx(pos[0]), view.sy(pos[1]), r, 0, Math.PI * 2);
      octx.lineWidth = 5;
      octx.strokeStyle = 'rgba(255,255,255,.9)';
      octx.stroke();
      octx.lineWidth = 3;
      octx.strokeStyle = '#1565c0';
      octx.stroke();
      octx.lineWidth = 3;
      octx.strokeStyle = 'rgba(255,255,255,.9)';
    }
    if (labelAll) for (let j = 0; j < n; j++) label(fleet.onFloor[j]);
    else {
      if (selectedIndex >= 0 && fleet.mapId[selectedIndex] === fleet.floor) label(selectedIndex);
      if (hovered >= 0 && hovered !== selectedIndex) label(hovered);
    }
  }

  // ---- input ----------------------------------------------------------------------------------
  function agvAt(px, py) {
    const now = performance.now();
    const n = fleet.members();
    let best = -1, bestD = Infinity;
    for (let j = 0; j < n; j++) {
      const i = fleet.onFloor[j];
      fleet.position(i, stale ? Infinity : now, pos);
      const d = Math.hypot(view.sx(pos[0]) - px, view.sy(pos[1]) - py);
      const reach = Math.max(12, Math.max(fleet.len[i], fleet.wid[i]) * view.scale / 2 + 4);
      if (d < reach && d < bestD) { best = i; bestD = d; }
    }
    return best;
  }

  function showTooltip(px, py) {
    let text = null;
    if (hovered >= 0) {
      const i = hovered, s = fleet.serial[i] ?? '';
      if (stale) text = `${s} · ${init.texts.stale}`;
      else {
        const parts = [s, init.states.labels[fleet.state[i]] ?? init.texts.unknown, `${fleet.battery[i]} %`];
        const wf = fleet.waitingFor[i], wn = fleet.waitNode[i];
        if (wf) parts.push(init.texts.waitsFor.replace('{0}', wf) + (wn ? ' ' + init.texts.atNode.replace('{0}', wn) : ''));
        else if (wn) parts.push(init.texts.waitsForNode.replace('{0}', wn));
        if (fleet.flags[i] & FLAG_OUT_OF_DISPATCH) parts.push(init.texts.outOfDispatch);
        text = parts.join(' · ');
      }
    } else if (hoveredNode >= 0 && floor) {
      const id = floor.nodes.id[hoveredNode], name = floor.nodes.name[hoveredNode], kind = floor.nodes.kind[hoveredNode];
      text = name ? `${name} (${id})` : init.texts.node.replace('{0}', id);
      if (kind !== 0) text += ` · ${init.texts.kinds[kind]}`;
    }
    tooltip.hidden = text === null;
    if (text === null) return;
    tooltip.textContent = text;
    tooltip.style.left = `${Math.min(px + 14, view.width - 220)}px`;
    tooltip.style.top = `${py + 16}px`;
  }

  // Pointer positions relative to the wrap, whichever child the pointer is over.
  const local = e => { const r = wrap.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  let drag = null;
  wrap.addEventListener('pointerdown', e => { const [x, y] = local(e); drag = { x, y, moved: false }; wrap.setPointerCapture(e.pointerId); });
  wrap.addEventListener('pointermove', e => {
    const [x, y] = local(e);
    pointer = { x, y };
    if (drag) {
      const dx = x - drag.x, dy = y - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) { view.pan(dx, dy); drag.x = x; drag.y = y; tooltip.hidden = true; return; }
    }
    hover(x, y);
  });
  wrap.addEventListener('pointerleave', () => { pointer = null; hovered = -1; hoveredNode = -1; tooltip.hidden = true; });
  wrap.addEventListener('pointerup', e => {
    const wasDrag = drag?.moved;
    drag = null;
    if (wasDrag) return;
    const [x, y] = local(e);
    const hit = agvAt(x, y);
    if (hit >= 0 && fleet.serial[hit] !== undefined) { dotnet.invokeMethodAsync('AgvClicked', fleet.serial[hit]).catch(() => {}); return; }
    const node = nodeAt(floor, view, x, y);
    if (node >= 0) { dotnet.invokeMethodAsync('NodeClicked', floor.nodes.id[node]).catch(() => {}); return; }
    dotnet.invokeMethodAsync('MapClicked').catch(() => {});
  });
  wrap.addEventListener('wheel', e => { e.preventDefault(); const [x, y] = local(e); view.zoomAt(e.deltaY < 0 ? 1.2 : 1 / 1.2, x, y); }, { passive: false });

  function hover(px, py) {
    const agv = agvAt(px, py);
    hovered = agv;
    hoveredNode = agv >= 0 ? -1 : nodeAt(floor, view, px, py);
    wrap.style.cursor = agv >= 0 || hoveredNode >= 0 ? 'pointer' : 'grab';
    showTooltip(px, py);
  }
  // The tooltip follows what is under a still pointer (AGVs move under it).
  const hoverTimer = setInterval(() => { if (pointer && !drag) hover(pointer.x, pointer.y); }, 250);

  // ---- what the page calls --------------------------------------------------------------------
  function fitFloor() {
    if (floor) view.fitBox(boxOf(floor.nodes.x, floor.nodes.y));
  }
  const controller = {
    /** Shows a floor ({ mapId, nodes, edges } as parallel arrays). */
    showFloor(f) {
      floor = prepareFloor(f);
      floor.version = (floor.version ?? 0) + 1;
      fleet.setFloor(f.mapId);
      plan = null;
      picked = null;
      hovered = -1;
      base.invalidate();
      fitFloor();
      dirtyBase = true;
      feed.watch(f.mapId);
    },
    select(serial) {
      selected = serial ?? null;
      selectedIndex = selected === null ? -1 : fleet.indexOf(selected);
      dirtyBase = true;
    },
    /** The path planned in the dispatch panel (node ids), or null. */
    setPlan(route) { plan = route && route.length ? route : null; dirtyBase = true; },
    /** A node picked (a destination chosen from the list): ringed on the map. */
    pick(nodeId) { picked = nodeId ?? null; dirtyBase = true; },
    zoom(factor) { view.zoomAt(factor, view.width / 2, view.height / 2); },
    fit: fitFloor,
    dispose() {
      disposed = true;
      clearInterval(hoverTimer);
      view.dispose();
      layer.dispose();
      feed.stop();
      if (window.__liveMap === probe) delete window.__liveMap;
      host.replaceChildren();
    },
  };

  // For tests and the load harness: what is shown, where, and how late.
  const agv = i => ({
    s: fleet.serial[i], m: fleet.mapId[i], x: fleet.toX[i], y: fleet.toY[i], st: init.states.names[fleet.state[i]] ?? 'unknown',
    b: fleet.battery[i], ln: idOrNull(fleet.lastNode[i]), nn: idOrNull(fleet.nextNode[i]), k: idOrNull(fleet.task[i]),
    l: !!(fleet.flags[i] & FLAG_LOADED), p: fleet.path[i] ?? [], c: fleet.cleared[i] ?? [], wf: fleet.waitingFor[i] || null, wn: fleet.waitNode[i] || null,
  });
  const probe = {
    latencies, updateCounts, timing,
    get renderer() { return layer.kind; },
    get sprites() { return layer.sprites ?? 0; },
    get scale() { return view.scale; },
    get mapId() { return fleet.floor; },
    get selected() { return selected; },
    get stale() { return stale; },
    get framesDrawn() { return framesDrawn; },
    get onFloor() { return fleet.members(); },
    agvs() { const r = []; for (let i = 0; i < fleet.count; i++) if (fleet.known[i] && fleet.serial[i] !== undefined) r.push(agv(i)); return r; },
    agv(serial) { const i = fleet.indexOf(serial); return i < 0 ? null : agv(i); },
    screenOf(serial) {
      const i = fleet.indexOf(serial);
      if (i < 0) return null;
      fleet.position(i, performance.now(), pos);
      return { x: view.sx(pos[0]), y: view.sy(pos[1]), mapId: fleet.mapId[i] };
    },
    /** The node an AGV's path ends at while it is still on its way there (drawn as a flag), or null. */
    destinationOf(serial) {
      const i = fleet.indexOf(serial), path = i < 0 ? null : fleet.path[i];
      if (!path || path.length < 2) return null;
      const last = path[path.length - 1];
      return last !== fleet.lastNode[i] || fleet.task[i] !== 0xFFFFFFFF ? last : null;
    },
    get plan() { return plan; },
    nodeScreen(id) { const k = floor?.byId.get(id); return k === undefined ? null : { x: view.sx(floor.nodes.x[k]), y: view.sy(floor.nodes.y[k]) }; },
  };
  window.__liveMap = probe;

  view.observe(fitFloor);
  controller.showFloor(init.floor);
  requestAnimationFrame(tick);
  return controller;
}

/**
 * 'webgl' or '2d'. Asked for by name, or chosen: WebGL2 where the browser draws it on a graphics card;
 * Canvas 2D where WebGL is software (SwiftShader, llvmpipe: every frame is read back, and the
 * 2D path measured faster there, bench/README.md) or missing.
 */
export function pickRenderer(preference) {
  if (preference === '2d' || preference === 'webgl') return preference;
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return '2d';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = `${gl.getParameter(gl.RENDERER)} ${info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : ''}`;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name) ? '2d' : 'webgl';
}

export { KINDS };
