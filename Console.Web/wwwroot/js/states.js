// Names and colours of AGV states, shared by the map and the tables. Colours come from site.css
// (--state-*), so a badge and a vehicle on the map always agree.
export function stateLabel(name) {
  const spaced = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const colourCache = new Map();
export function stateColour(name) {
  if (!colourCache.has(name)) {
    const v = getComputedStyle(document.documentElement).getPropertyValue(`--state-${name}`).trim();
    colourCache.set(name, v || '#6c757d');
  }
  return colourCache.get(name);
}

export function setBadge(el, state) {
  if (!el) return;
  el.className = `badge state-badge state-${state}`;
  el.textContent = stateLabel(state);
}

export function batteryHtml(pct, charging) {
  const level = pct < 20 ? 'low' : pct < 40 ? 'mid' : 'ok';
  return `<span class="battery-bar"><span class="battery-fill ${level}" style="width:${Math.max(0, Math.min(100, pct))}%"></span></span>` +
    `<span class="battery-text">${pct} %</span>` +
    `<i class="bi bi-lightning-charge-fill text-info charging-icon ${charging ? '' : 'd-none'}"></i>`;
}

export function ago(ms) {
  const s = ms / 1000;
  if (s < 1) return 'just now';
  if (s < 60) return `${Math.floor(s)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 172800) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} days ago`;
}

export const idText = id => (id === null || id === undefined ? '–' : String(id));
