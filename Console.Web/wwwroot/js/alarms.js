// On every page: the alarm badge in the navigation bar and a toast for each new alarm, within a
// second of it being raised, on the pages not converted to interactive components yet (their layout loads this).
import { onAlarm } from './hub.js';
import { make } from './states.js';

const badge = document.getElementById('alarm-badge');
const toasts = document.getElementById('toasts');
const levelClass = { info: 'secondary', warning: 'warning', error: 'danger', fatal: 'danger' };

function setBadge(unacknowledged) {
  if (!badge) return;
  badge.textContent = unacknowledged;
  badge.classList.toggle('d-none', unacknowledged === 0);
}

function toast(a) {
  if (!toasts || typeof bootstrap === 'undefined') return;
  const el = document.createElement('div');
  el.className = 'toast';
  el.setAttribute('role', 'alert');
  // Built from elements: the serial, rule and text come from AGVs and operators and stay text.
  const header = make('div', 'toast-header');
  const close = make('button', 'btn-close');
  close.type = 'button';
  close.dataset.bsDismiss = 'toast';
  close.setAttribute('aria-label', 'Close');
  header.append(make('span', `badge text-bg-${levelClass[a.level] ?? 'secondary'} me-2`, a.level),
    make('strong', 'me-auto', `${a.serial || 'Console'}: ${a.rule}`), close);
  const link = make('a', 'ms-1', 'Open alarms');
  link.href = '/alarms';
  const body = make('div', 'toast-body', a.text);
  body.append(' ', link);
  el.append(header, body);
  toasts.append(el);
  const t = new bootstrap.Toast(el, { delay: a.level === 'info' ? 5000 : 12000 });
  el.addEventListener('hidden.bs.toast', () => el.remove());
  t.show();
}

onAlarm(m => {
  setBadge(m.unacknowledged);
  if (m.change === 'raised') toast(m.alarm);
});
