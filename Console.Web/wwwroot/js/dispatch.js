// The live map's dispatch panel: pick a destination (the console proposes the fastest route) or
// click nodes one after another (the console checks each step), see length and time, choose the
// task and a final action, send. Everything is checked again on the server when it is sent.
const token = () => document.querySelector('#antiforgery input[name="__RequestVerificationToken"]')?.value ?? '';

async function call(method, url, body) {
  const r = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token() },
    body: body ? JSON.stringify(body) : undefined,
  });
  let data = null;
  try { data = await r.json(); } catch { /* empty body */ }
  return { ok: r.ok, status: r.status, data };
}

export function createDispatch({ selected, mapId, redraw }) {
  const panel = document.getElementById('dispatch');
  if (!panel) return null;
  const el = id => document.getElementById(id);
  let clicked = [];          // nodes clicked in "click nodes" mode
  let plan = null;           // { route, lengthMm, seconds }
  let busy = false;

  const mode = () => document.querySelector('input[name="dispatch-mode"]:checked').value;
  const fmt = p => `${(p.lengthMm / 1000).toFixed(1)} m · ${p.seconds.toFixed(1)} s · ${p.route.join(' → ')}`;

  function show(text, cls = 'text-body-secondary') {
    el('dispatch-route').className = `small mb-2 ${cls}`;
    el('dispatch-route').textContent = text;
  }

  function result(text, cls) {
    el('dispatch-result').className = `small mt-2 ${cls}`;
    el('dispatch-result').textContent = text;
  }

  function update() {
    el('dispatch-send').disabled = !plan || busy;
    el('dispatch-hint').textContent = mode() === 'destination'
      ? 'Click the destination node on the map.'
      : 'Click the nodes to drive through, in order, starting next to the AGV.';
    redraw();
  }

  function reset() {
    clicked = [];
    plan = null;
    show('');
    result('', '');
    const answer = el('command-answer');
    if (answer) answer.textContent = '';
    update();
  }

  async function nodeClicked(nodeId) {
    const serial = selected();
    if (!serial || busy) return;
    result('', '');
    if (mode() === 'destination') {
      const r = await call('GET', `/ui/agvs/${encodeURIComponent(serial)}/route?to=${nodeId}`);
      if (r.ok && !r.data.error) { plan = r.data; show(fmt(plan)); }
      else { plan = null; show(r.data?.error ?? r.data?.detail ?? `error ${r.status}`, 'text-danger'); }
    } else {
      clicked.push(nodeId);
      const r = await call('POST', `/ui/agvs/${encodeURIComponent(serial)}/path/check`, { mapId: mapId(), nodeIds: clicked });
      if (r.ok && !r.data.error) { plan = r.data; show(fmt(plan)); }
      else {
        clicked.pop();
        show(`${r.data?.error ?? r.data?.detail ?? `error ${r.status}`} (node ${nodeId} not added)`, 'text-danger');
      }
    }
    update();
  }

  async function send() {
    const serial = selected();
    if (!serial || !plan) return;
    const [actuatorType, command, value] = (el('dispatch-action').value || '').split(':');
    const body = {
      mapId: mapId(), nodeIds: plan.route, taskType: el('dispatch-task').value,
      finalAction: actuatorType ? { actuatorType, index: 0, command, targetValue: Number(value || 0), speed: 0 } : null,
    };
    busy = true;
    update();
    const r = await call('POST', `/ui/agvs/${encodeURIComponent(serial)}/path`, body);
    busy = false;
    if (r.ok) { clicked = []; plan = null; show(''); result(r.data.message, 'text-success'); }
    else result(r.data?.detail ?? `error ${r.status}`, 'text-danger');
    update();
  }

  // Motion commands from the map; the costly ones ask first.
  for (const b of document.querySelectorAll('#map-commands [data-command]')) {
    b.addEventListener('click', async () => {
      const serial = selected();
      if (!serial || (b.dataset.confirm && !window.confirm(b.dataset.confirm))) return;
      const answer = el('command-answer');
      const r = await call('POST', `/ui/agvs/${encodeURIComponent(serial)}/command`, { command: b.dataset.command });
      answer.className = `small mt-1 ${r.ok ? 'text-success' : 'text-danger'}`;
      answer.textContent = r.ok ? r.data.message : (r.data?.detail ?? `error ${r.status}`);
    });
  }

  el('dispatch-send').addEventListener('click', send);
  el('dispatch-clear').addEventListener('click', reset);
  for (const r of document.querySelectorAll('input[name="dispatch-mode"]')) r.addEventListener('change', reset);
  update();
  return { nodeClicked, reset, get plan() { return plan; } };
}
