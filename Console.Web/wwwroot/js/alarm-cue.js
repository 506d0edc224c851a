// The cue of an error alarm (AlarmToasts.razor): a short tone and the tab's title flashing until the
// tab is looked at. Both can be switched off (AlarmCueSettings.razor); the choice stays in this browser.
const key = 'agv-console.alarm-cue';
let flashTimer = 0;
let savedTitle = '';

export function settings() {
  try {
    const s = JSON.parse(localStorage.getItem(key) ?? '{}');
    return { sound: s.sound !== false, flash: s.flash !== false };
  } catch {
    return { sound: true, flash: true };
  }
}

export function configure(sound, flash) {
  localStorage.setItem(key, JSON.stringify({ sound: !!sound, flash: !!flash }));
  if (!flash) stopFlash();
}

export function alarm(flashText) {
  const s = settings();
  if (s.sound) tone();
  if (s.flash) flash(String(flashText));
}

function tone() {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.6);
    osc.onended = () => ctx.close();
  } catch {
    // No audio (no device, or the browser wants a click first): the toast and the title still tell.
  }
}

function flash(text) {
  if (flashTimer) return;
  savedTitle = document.title;
  let on = false;
  flashTimer = setInterval(() => {
    if (document.visibilityState === 'visible' && document.hasFocus()) { stopFlash(); return; }
    on = !on;
    document.title = on ? text : savedTitle;
  }, 1000);
}

function stopFlash() {
  if (!flashTimer) return;
  clearInterval(flashTimer);
  flashTimer = 0;
  document.title = savedTitle;
}
