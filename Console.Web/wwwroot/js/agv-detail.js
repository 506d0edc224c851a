// Live values of the AGV detail page.
import { connectFleet, isNewer } from './hub.js';
import { setBadge, batteryNodes, idText } from './states.js';

const root = document.getElementById('agv-detail');
const serial = root?.dataset.serial;
let current;

function set(name, text) {
  for (const el of root.querySelectorAll(`[data-live="${name}"]`)) el.textContent = text;
}

connectFleet(batch => {
  for (const u of batch) {
    if (u.s !== serial || !isNewer(current, u)) continue;
    current = u;
    for (const el of root.querySelectorAll('[data-live="state"]')) setBadge(el, u.st);
    for (const el of root.querySelectorAll('[data-live="battery"]')) el.replaceChildren(...batteryNodes(u.b, u.c));
    set('pose', `x ${(u.x / 1000).toFixed(3)} m, y ${(u.y / 1000).toFixed(3)} m, θ ${Math.round(u.t / 1000 * 180 / Math.PI)}°`);
    set('speed', `${u.v} mm/s`);
    set('task', idText(u.k));
    set('nodes', `${idText(u.ln)} → ${idText(u.nn)}`);
    set('confidence', `${u.q} %`);
    set('loaded', u.l ? 'loaded' : 'empty');
    set('ago', 'just now');
  }
});
