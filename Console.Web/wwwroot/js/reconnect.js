// The reconnect banner (ReconnectBanner.razor). While the connection to the console is down, the
// page is marked stale (html.console-stale: live figures greyed, "stale" notes shown); when it
// comes back by itself the banner says so for a moment. Only static text is shown; no data.
const banner = document.getElementById('components-reconnect-modal');
const root = document.documentElement;
const states = ['retrying', 'failed', 'rejected', 'back'];
let backTimer = 0;

function show(state) {
  for (const s of states) banner.classList.toggle(`console-reconnect-is-${s}`, s === state);
  banner.classList.toggle('console-reconnect-visible', state !== null);
}

function onState(event) {
  const state = event.detail.state;
  clearTimeout(backTimer);
  if (state === 'show' || state === 'retrying') {
    root.classList.add('console-stale');
    show('retrying');
  } else if (state === 'hide') {
    const wasDown = root.classList.contains('console-stale');
    root.classList.remove('console-stale');
    if (wasDown) {
      show('back');
      backTimer = setTimeout(() => show(null), 4000);
    } else {
      show(null);
    }
  } else if (state === 'failed' || state === 'paused' || state === 'resume-failed') {
    root.classList.add('console-stale');
    show('failed');
    document.addEventListener('visibilitychange', retryWhenVisible);
  } else if (state === 'rejected') {
    root.classList.add('console-stale');
    show('rejected');
  }
}

async function retry() {
  document.removeEventListener('visibilitychange', retryWhenVisible);
  try {
    // true: reconnected; false: the console is up but the circuit is gone (resume it, else load the page again).
    if (await Blazor.reconnect()) return;
    if (typeof Blazor.resumeCircuit === 'function' && await Blazor.resumeCircuit()) return;
    location.reload();
  } catch {
    document.addEventListener('visibilitychange', retryWhenVisible);
  }
}

async function retryWhenVisible() {
  if (document.visibilityState === 'visible') await retry();
}

if (banner) {
  banner.addEventListener('components-reconnect-state-changed', onState);
  document.getElementById('components-reconnect-button')?.addEventListener('click', retry);
  document.getElementById('components-reload-button')?.addEventListener('click', () => location.reload());
}
