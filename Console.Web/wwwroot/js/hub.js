// The live feed: one SignalR connection to /hubs/fleet per page, shared by the page's modules.
// It asks for a full vehicle snapshot on every (re)connect, then receives batches of changed
// AGVs ("vehicles") and alarm changes ("alarm"). Shows its state in #live-status.
let connection = null;
let floor = null;                      // the floor a live map watches (null: every AGV)
const vehicleListeners = [];
const alarmListeners = [];

function show(text, cls) {
  const status = document.getElementById('live-status');
  if (!status) return;
  status.className = `small live-indicator ${cls}`;
  const dot = document.createElement('i');
  dot.className = 'bi bi-circle-fill me-1';
  status.replaceChildren(dot, text);
}

async function snapshot() {
  if (floor !== null) await connection.invoke('Watch', floor);
  if (vehicleListeners.length === 0) return;
  const all = await connection.invoke('Snapshot');
  for (const l of vehicleListeners) l(all);
}

function connect() {
  if (connection) return connection;
  connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/fleet')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * 2 ** ctx.previousRetryCount) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  // Acknowledge each batch once applied: the console sends the next only then, so a page that
  // cannot keep up gets fewer, fresher batches rather than a backlog.
  connection.on('vehicles', batch => {
    for (const l of vehicleListeners) l(batch);
    connection.send('Ack').catch(() => {});
  });
  connection.on('alarm', a => { for (const l of alarmListeners) l(a); });
  connection.onreconnecting(() => show('reconnecting…', 'text-warning'));
  connection.onreconnected(async () => { show('live', 'text-success'); await snapshot(); });
  connection.onclose(() => show('disconnected – reload the page', 'text-danger'));
  const start = async () => {
    try {
      await connection.start();
      show('live', 'text-success');
      await snapshot();
    } catch {
      show('cannot connect – retrying…', 'text-danger');
      setTimeout(start, 3000);
    }
  };
  // Let the page's modules register before the first snapshot is asked for.
  queueMicrotask(start);
  return connection;
}

export function connectFleet(onVehicles) {
  vehicleListeners.push(onVehicles);
  if (connection?.state === 'Connected') connection.invoke('Snapshot').then(onVehicles);
  return connect();
}

// The live map shows one floor: the console then pushes only that floor's AGVs (a fresh snapshot
// brings the rest up to date when the floor changes).
export async function watchFloor(mapId) {
  floor = mapId;
  if (connection?.state === 'Connected') await snapshot();
}

export function onAlarm(listener) {
  alarmListeners.push(listener);
  return connect();
}

// Keeps only the newest state per AGV: a batch built before a snapshot may arrive after it.
export function isNewer(previous, update) {
  return !previous || update.ts >= previous.ts;
}
