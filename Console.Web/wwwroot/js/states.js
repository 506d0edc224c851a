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

// The battery meter's inside (bar, percentage, charging icon) as elements: the same markup as
// BatteryMeter.razor, built with createElement and textContent only, never from an HTML string.
export function batteryNodes(pct, charging) {
  const value = Number(pct) || 0;
  const bar = make('span', 'battery-bar');
  const fill = make('span', `battery-fill ${value < 20 ? 'low' : value < 40 ? 'mid' : 'ok'}`);
  fill.style.width = `${Math.max(0, Math.min(100, value))}%`;
  bar.append(fill);
  const text = make('span', 'battery-text');
  text.textContent = `${value} %`;
  const icon = make('i', `bi bi-lightning-charge-fill text-info charging-icon${charging ? '' : ' d-none'}`);
  return [bar, text, icon];
}

/** An element with a class list; text, if any, goes in as text. */
export function make(tag, className = '', text = null) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== null && text !== undefined) el.textContent = String(text);
  return el;
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
