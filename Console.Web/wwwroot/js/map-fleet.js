// The live map's AGVs, kept in typed arrays by their index on the wire (LivePush/FloorRecord): no
// object per AGV or per update, so 20 000 updates a second cost no garbage. Positions glide from
// where an AGV was drawn to its newest report over about one report period.
const NONE = 0xFFFFFFFF;
const UNKNOWN_POSE = 0x7FFFFFFF;
export const RECORD_SIZE = 44;
export const FLAG_CHARGING = 1, FLAG_LOADED = 2, FLAG_WAITING = 4, FLAG_OUT_OF_DISPATCH = 8;

export function createFleet() {
  let cap = 0;
  const f = {
    count: 0,              // highest index seen + 1
    floor: 0,              // the floor shown: membership is kept for it
    onFloor: new Int32Array(64), onFloorCount: 0, membershipDirty: true,
    serial: [], path: [], cleared: [], spaces: [], errors: [], waitingFor: [], waitNode: [],
    detailsVersion: 0,     // moves when a path, space or size changed (the routes layer redraws)
  };
  const arrays = {
    known: Uint8Array, mapId: Uint32Array, fromX: Float64Array, fromY: Float64Array, fromT: Float64Array,
    toX: Float64Array, toY: Float64Array, toT: Float64Array, start: Float64Array, dur: Float64Array,
    lastNode: Uint32Array, nextNode: Uint32Array, task: Uint32Array, ts: Float64Array, speed: Uint16Array,
    state: Uint8Array, battery: Uint8Array, confidence: Uint8Array, flags: Uint8Array, len: Float32Array, wid: Float32Array,
    applied: Float64Array,
  };

  function grow(min) {
    let n = Math.max(256, cap * 2);
    while (n < min) n *= 2;
    for (const [name, Type] of Object.entries(arrays)) {
      const a = new Type(n);
      if (f[name]) a.set(f[name]);
      f[name] = a;
    }
    for (let i = cap; i < n; i++) { f.len[i] = 1000; f.wid[i] = 700; }
    cap = n;
  }
  grow(256);

  /** Where AGV i is drawn at time now (performance.now()), written into out[0..2] (x, y mm; theta mrad). Returns whether it still glides. */
  f.position = (i, now, out) => {
    const d = f.dur[i];
    const k = d <= 0 ? 1 : Math.min(1, (now - f.start[i]) / d);
    let dt = f.toT[i] - f.fromT[i];
    if (dt > Math.PI * 1000) dt -= 2 * Math.PI * 1000;
    if (dt < -Math.PI * 1000) dt += 2 * Math.PI * 1000;
    out[0] = f.fromX[i] + (f.toX[i] - f.fromX[i]) * k;
    out[1] = f.fromY[i] + (f.toY[i] - f.fromY[i]) * k;
    out[2] = f.fromT[i] + dt * k;
    return k < 1;
  };

  const at = new Float64Array(3);
  /**
   * Applies one record (RECORD_SIZE bytes at offset of view). Returns the AGV's timestamp when the update
   * is newer than what is shown (for latency), else -1.
   */
  f.apply = (view, offset, now) => {
    const i = view.getUint32(offset, true);
    if (i >= cap) grow(i + 1);
    const ts = view.getFloat64(offset + 28, true);
    if (f.known[i] && ts < f.ts[i]) return -1;        // a batch built before a newer one: keep the newer
    const map = view.getUint32(offset + 4, true);
    let x = view.getInt32(offset + 8, true), y = view.getInt32(offset + 12, true);
    let t = view.getInt16(offset + 36, true);
    if (t > 7000 || t < -7000) t = 0;                  // unknown heading
    const localised = x !== UNKNOWN_POSE && y !== UNKNOWN_POSE;
    if (!localised) { x = NaN; y = NaN; }
    const wasLocalised = Number.isFinite(f.toX[i]);
    const jump = !f.known[i] || f.mapId[i] !== map || !wasLocalised || !localised;
    if (jump) {
      f.fromX[i] = x; f.fromY[i] = y; f.fromT[i] = t; f.dur[i] = 0;
    } else {
      f.position(i, now, at);
      f.fromX[i] = at[0]; f.fromY[i] = at[1]; f.fromT[i] = at[2];
      f.dur[i] = Math.min(1000, Math.max(60, now - f.applied[i]));
    }
    f.toX[i] = x; f.toY[i] = y; f.toT[i] = t; f.start[i] = now; f.applied[i] = now;
    if (!f.known[i] || (f.mapId[i] === f.floor) !== (map === f.floor) || wasLocalised !== localised) f.membershipDirty = true;
    if (f.lastNode[i] !== view.getUint32(offset + 16, true)) f.detailsVersion++;   // the driven part of its path moved on
    f.known[i] = 1;
    f.mapId[i] = map;
    f.lastNode[i] = view.getUint32(offset + 16, true);
    f.nextNode[i] = view.getUint32(offset + 20, true);
    f.task[i] = view.getUint32(offset + 24, true);
    f.ts[i] = ts;
    f.speed[i] = view.getUint16(offset + 38, true);
    f.state[i] = view.getUint8(offset + 40);
    f.battery[i] = view.getUint8(offset + 41);
    f.confidence[i] = view.getUint8(offset + 42);
    f.flags[i] = view.getUint8(offset + 43);
    if (i >= f.count) f.count = i + 1;
    return ts;
  };

  /** The slow parts of an AGV (only what changed is in d). */
  f.detail = d => {
    const i = d.i;
    if (i >= cap) grow(i + 1);
    if (d.s !== undefined) f.serial[i] = d.s;
    if (d.w !== undefined) { f.len[i] = d.w[0] || 1000; f.wid[i] = d.w[1] || 700; }
    if (d.p !== undefined) f.path[i] = d.p;
    if (d.c !== undefined) f.cleared[i] = d.c;
    if (d.sp !== undefined) f.spaces[i] = d.sp;
    if (d.e !== undefined) f.errors[i] = d.e;
    if (d.wf !== undefined) f.waitingFor[i] = d.wf;
    if (d.wn !== undefined) f.waitNode[i] = d.wn;
    f.detailsVersion++;
  };

  f.remove = i => {
    if (i >= cap) return;
    f.known[i] = 0;
    f.serial[i] = undefined;
    f.path[i] = undefined;
    f.cleared[i] = undefined;
    f.spaces[i] = undefined;
    f.membershipDirty = true;
    f.detailsVersion++;
  };

  /** Shows another floor: what was known of the last one stays, membership is rebuilt. */
  f.setFloor = mapId => { f.floor = mapId; f.membershipDirty = true; f.detailsVersion++; };

  /** The indexes of the AGVs on the shown floor (a view into a reused array). */
  f.members = () => {
    if (f.membershipDirty) {
      f.membershipDirty = false;
      if (f.onFloor.length < f.count) f.onFloor = new Int32Array(Math.max(f.count, f.onFloor.length * 2));
      let n = 0;
      for (let i = 0; i < f.count; i++) if (f.known[i] && f.mapId[i] === f.floor && Number.isFinite(f.toX[i])) f.onFloor[n++] = i;
      f.onFloorCount = n;
    }
    return f.onFloorCount;
  };

  f.indexOf = serial => {
    for (let i = 0; i < f.count; i++) if (f.known[i] && f.serial[i] === serial) return i;
    return -1;
  };

  return f;
}

export const idOrNull = id => (id === NONE ? null : id);
