// The live map's feed: its own SignalR connection to /hubs/fleet, watching one floor. The console
// sends compact batches (LivePush/FloorBatch: 44-byte records, base64, plus the slow parts that
// changed); each is applied, then acknowledged, and only then is the next one sent, so a page that
// cannot keep up gets fewer, fresher batches rather than a backlog. Says when it is up or down.
import '../lib/signalr/signalr.min.js';

const decode = typeof Uint8Array.fromBase64 === 'function'
  ? s => Uint8Array.fromBase64(s)
  : s => { const b = atob(s); const a = new Uint8Array(b.length); for (let i = 0; i < b.length; i++) a[i] = b.charCodeAt(i); return a; };

/**
 * onBatch(view: DataView, details: array|undefined, gone: array|undefined) applies one batch;
 * onState('live' | 'down') follows the connection.
 */
export function connectFloorFeed({ onBatch, onState }) {
  let floor = null;
  let generation = 0;          // batches of an earlier watch (a floor shown before) are dropped
  let stopped = false;
  let retry = 0;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/fleet')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: c => Math.min(10000, 500 * 2 ** c.previousRetryCount) })
    .configureLogging(signalR.LogLevel.None)
    .build();

  connection.on('floor', batch => {
    try {
      if (batch.g >= generation) {
        const bytes = decode(batch.r);
        onBatch(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), batch.d, batch.x);
      }
    } finally {
      connection.send('Ack').catch(() => {});
    }
  });
  // The older message of the other browser modules: a live map is never sent it once it watches.
  connection.on('vehicles', () => connection.send('Ack').catch(() => {}));
  connection.on('alarm', () => {});

  async function watch() {
    if (floor === null || connection.state !== signalR.HubConnectionState.Connected) return;
    generation = await connection.invoke('Watch', floor);
  }

  connection.onreconnecting(() => onState('down'));
  connection.onreconnected(async () => { onState('live'); await watch().catch(() => {}); });
  connection.onclose(() => { if (!stopped) { onState('down'); schedule(); } });

  async function start() {
    if (stopped) return;
    try {
      await connection.start();
      retry = 0;
      onState('live');
      await watch();
    } catch {
      onState('down');
      schedule();
    }
  }
  let timer = 0;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(start, Math.min(10000, 1000 * 2 ** retry++));
  }
  start();

  return {
    /** Shows another floor: the console sends everything on it, then its changes. */
    async watch(mapId) {
      floor = mapId;
      generation = Number.MAX_SAFE_INTEGER;   // nothing until the console answers with the new generation
      try { await watch(); } catch { /* reconnect watches again */ }
      if (generation === Number.MAX_SAFE_INTEGER) generation = 0;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      return connection.stop();
    },
    get connected() { return connection.state === signalR.HubConnectionState.Connected; },
  };
}
