// Live cells of the fleet table: state, battery, map, task and last report of each row, and the
// per-state counts. Filtering and sorting are the server's (a reload re-applies them).
import { connectFleet, isNewer } from './hub.js';
import { setBadge, batteryNodes, ago, make } from './states.js';

const table = document.getElementById('fleet-table');
const mapNames = JSON.parse(document.getElementById('map-names')?.textContent || '{}');
const latest = new Map();

function render(u) {
  if (!table) return;
  const row = table.querySelector(`tr[data-serial="${CSS.escape(u.s)}"]`);
  if (!row) return;
  setBadge(row.querySelector('[data-live="state"]'), u.st);
  const battery = row.querySelector('[data-live="battery"]');
  if (battery) { battery.replaceChildren(...batteryNodes(u.b, u.c)); battery.title = `${u.b} %${u.c ? ', charging' : ''}`; }
  const map = row.querySelector('[data-live="map"]');
  if (map) map.textContent = mapNames[u.m] ?? `map ${u.m}`;
  const task = row.querySelector('[data-live="task"]');
  if (task) task.textContent = u.k ? String(u.k) : '–';
  row.dataset.ts = u.ts;
}

// One chip per state that has AGVs (offline always): a state that appears gets its chip.
function counts() {
  const byState = {};
  let online = 0;
  for (const u of latest.values()) {
    byState[u.st] = (byState[u.st] || 0) + 1;
    if (u.st !== 'offline') online++;
  }
  const box = document.getElementById('state-counts');
  for (const state of Object.keys(byState)) {
    if (box.querySelector(`[data-state="${CSS.escape(state)}"]`)) continue;
    const a = document.createElement('a');
    a.href = `/?state=${encodeURIComponent(state)}`;
    a.className = 'state-count text-decoration-none';
    a.dataset.state = state;
    a.append(make('span', 'badge state-badge'), ' ', make('span', 'count'));
    box.querySelector('[data-state="offline"]')?.before(a) ?? box.append(a);
  }
  for (const el of box.querySelectorAll('[data-state]')) {
    const n = byState[el.dataset.state] || 0;
    el.querySelector('.count').textContent = n;
    setBadge(el.querySelector('.state-badge'), el.dataset.state);
    el.classList.toggle('d-none', n === 0 && el.dataset.state !== 'offline' && !el.classList.contains('active'));
  }
  const on = document.getElementById('count-online');
  if (on) on.textContent = online;
}

function tickAgo() {
  const now = Date.now();
  for (const row of table?.querySelectorAll('tr[data-serial]') ?? []) {
    const ts = Number(row.dataset.ts);
    const cell = row.querySelector('[data-live="ago"]');
    if (ts && cell) cell.textContent = ago(now - ts);
  }
}

connectFleet(batch => {
  for (const u of batch) {
    if (!isNewer(latest.get(u.s), u)) continue;
    latest.set(u.s, u);
    render(u);
  }
  counts();
});
setInterval(tickAgo, 1000);
