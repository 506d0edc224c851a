// The live feed: one SignalR connection to /hubs/fleet. It asks for a full snapshot on every
// (re)connect, then receives batches of changed AGVs. Shows its state in #live-status.
export function connectFleet(onVehicles) {
  const status = document.getElementById('live-status');
  const show = (text, cls) => {
    if (!status) return;
    status.className = `small live-indicator ${cls}`;
    status.innerHTML = `<i class="bi bi-circle-fill me-1"></i>${text}`;
  };
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/fleet')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * 2 ** ctx.previousRetryCount) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on('vehicles', batch => onVehicles(batch));
  const snapshot = async () => onVehicles(await connection.invoke('Snapshot'));
  connection.onreconnecting(() => show('reconnecting…', 'text-warning'));
  connection.onreconnected(async () => { show('live', 'text-success'); await snapshot(); });
  connection.onclose(() => { show('disconnected – reload the page', 'text-danger'); });
  const start = async () => {
    try {
      await connection.start();
      show('live', 'text-success');
      await snapshot();
    } catch (e) {
      show('cannot connect – retrying…', 'text-danger');
      setTimeout(start, 3000);
    }
  };
  start();
  return connection;
}

// Keeps only the newest state per AGV: a batch built before a snapshot may arrive after it.
export function isNewer(previous, update) {
  return !previous || update.ts >= previous.ts;
}
