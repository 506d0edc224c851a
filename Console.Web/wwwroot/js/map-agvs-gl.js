// The live map's AGVs drawn with WebGL2: one instanced draw for every footprint and one for every
// glyph. Each AGV is 12 floats (where it glides from and to, when, its size, state and marks),
// written only when a batch arrived; the gliding itself happens in the vertex shader, so a frame
// costs the script two draw calls whatever the number of AGVs. Returns null without WebGL2 (the
// Canvas 2D layer, map-agvs-2d.js, is used then).
import { GLYPH_PX } from './map-style.js';

const FLOATS = 12;
export const MARK_SELECTED = 1, MARK_HOVERED = 2, MARK_WAITING = 4, MARK_LOADED = 8, MARK_OUT = 16;

const common = `#version 300 es
precision highp float;
layout(location = 0) in vec3 corner;         // unit quad corner (x, y in -1..1), z: which quad (glyph pass)
layout(location = 1) in vec4 a0;             // fromX, fromY, fromT, toX
layout(location = 2) in vec4 a1;             // toY, toT, start, dur
layout(location = 3) in vec4 a2;             // length, width, colour/glyph cell, marks
uniform vec3 uView;                          // px per mm, origin x, origin y (CSS px)
uniform vec2 uSize;                          // canvas size, CSS px
uniform float uNow;
uniform float uStale;
vec3 pose() {
  float k = a1.w <= 0.0 ? 1.0 : clamp((uNow - a1.z) / a1.w, 0.0, 1.0);
  if (uStale > 0.5) k = 1.0;
  float dt = a1.y - a0.z;
  if (dt > 3141.59) dt -= 6283.19;
  if (dt < -3141.59) dt += 6283.19;
  return vec3(mix(a0.xy, vec2(a0.w, a1.x), k), (a0.z + dt * k) / 1000.0);
}
vec2 toScreen(vec2 mm) { return vec2(mm.x * uView.x + uView.y, uView.z - mm.y * uView.x); }
vec4 clip(vec2 px) { return vec4(px.x / uSize.x * 2.0 - 1.0, 1.0 - px.y / uSize.y * 2.0, 0.0, 1.0); }
vec2 bodyPx() { return vec2(max(8.0, a2.x * uView.x), max(6.0, a2.y * uView.x)); }
`;

const bodyVs = `${common}
out vec2 vLocal; out vec2 vHalf; out vec4 vColour; flat out int vMarks;
uniform vec4 uColours[20];
void main() {
  vec3 p = pose();
  vec2 size = bodyPx();
  vHalf = size * 0.5;
  vec2 local = corner.xy * (vHalf + 1.0);    // room for the edge's smoothing
  float c = cos(p.z), s = sin(p.z);
  vec2 turned = vec2(local.x * c - local.y * s, -(local.x * s + local.y * c));
  gl_Position = clip(toScreen(p.xy) + turned);
  vLocal = local;
  int cell = int(a2.z + 0.5);
  vColour = uStale > 0.5 ? uColours[__STALE__] : uColours[cell];
  vMarks = int(a2.w + 0.5);
}`;

const bodyFs = `#version 300 es
precision highp float;
in vec2 vLocal; in vec2 vHalf; in vec4 vColour; flat in int vMarks;
out vec4 colour;
void main() {
  float r = min(4.0, vHalf.y * 0.5);
  vec2 q = abs(vLocal) - vHalf + r;
  float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;   // distance to the rounded footprint
  bool selected = (vMarks & 1) != 0, hovered = (vMarks & 2) != 0;
  float rim = selected ? 3.0 : hovered ? 2.0 : 1.0;
  if (d > 0.5) discard;
  vec4 fill = vColour;
  // the front: a white wedge pointing where it drives
  float front = vHalf.x - 2.0, back = vHalf.x - min(vHalf.x * 0.66, 10.0);
  if (vHalf.x >= 9.0 && vLocal.x > back && vLocal.x < front && abs(vLocal.y) < vHalf.y * 0.66 * (front - vLocal.x) / (front - back))
    fill = mix(fill, vec4(1.0), 0.85);
  // a load on board: a dark patch in the middle
  if ((vMarks & 8) != 0 && abs(vLocal.x + vHalf.x * 0.1) < vHalf.x * 0.3 && abs(vLocal.y) < vHalf.y * 0.45) fill = mix(fill, vec4(0.0, 0.0, 0.0, 1.0), 0.35);
  vec4 edge = selected ? vec4(0.0, 0.0, 0.0, 1.0) : hovered ? vec4(0.05, 0.28, 0.63, 1.0) : vec4(0.0, 0.0, 0.0, 0.6);
  float coverage = clamp(0.5 - d, 0.0, 1.0);              // the footprint, its rim inside its edge
  float onRim = clamp(d + rim + 0.5, 0.0, 1.0);
  vec4 c = mix(fill, edge, onRim);
  colour = vec4(c.rgb * c.a * coverage, c.a * coverage);   // premultiplied
}`;

const glyphVs = `${common}
out vec2 vUv;
uniform float uCells;
void main() {
  vec3 p = pose();
  vec2 size = bodyPx();
  float g = clamp(min(size.x, size.y) * 0.9, 14.0, 24.0);
  int marks = int(a2.w + 0.5);
  float cell = uStale > 0.5 ? __STALE__.0 : a2.z;
  vec2 centre = toScreen(p.xy);
  if (corner.z > 1.5) {                     // the third quad: out of automatic dispatch
    if ((marks & 16) == 0) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); vUv = vec2(0.0); return; }
    cell = __OUT__.0;
    g *= 0.85;
    centre += vec2(-g * 0.75, g * 0.75);
  } else if (corner.z > 0.5) {              // the second quad: traffic control makes it wait
    if ((marks & 4) == 0) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); vUv = vec2(0.0); return; }
    cell = __WAITING__.0;
    g *= 0.85;
    centre += vec2(g * 0.75, -g * 0.75);
  }
  gl_Position = clip(centre + corner.xy * g * 0.5);
  vUv = vec2((cell + (corner.x * 0.5 + 0.5)) / uCells, corner.y * 0.5 + 0.5);
}`;

const glyphFs = `#version 300 es
precision highp float;
in vec2 vUv; out vec4 colour;
uniform sampler2D uAtlas;
uniform float uStale;
void main() {
  colour = texture(uAtlas, vUv);
  if (uStale > 0.5) colour *= 0.75;
  if (colour.a < 0.01) discard;
}`;

export function createGlLayer(canvas, style) {
  const gl = canvas.getContext('webgl2', { premultipliedAlpha: true, antialias: false, alpha: true, preserveDrawingBuffer: false });
  if (!gl) return null;
  const fill = s => s.replaceAll('__STALE__', String(style.staleCode)).replaceAll('__WAITING__', String(style.waitingCode)).replaceAll('__OUT__', String(style.outCode));
  const body = program(gl, fill(bodyVs), bodyFs);
  const glyph = program(gl, fill(glyphVs), glyphFs);
  if (!body || !glyph) return null;

  // The unit quad: two triangles; the glyph pass draws two more (z = 1, 2) for the "waiting" and "out of dispatch" marks.
  const quad = new Float32Array([0, 1, 2].flatMap(z => [-1, -1, z, 1, -1, z, -1, 1, z, 1, 1, z, -1, 1, z, 1, -1, z]));
  const quadBuffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, quadBuffer);
  gl.bufferData(gl.ARRAY_BUFFER, quad, gl.STATIC_DRAW);
  const instances = gl.createBuffer();
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, quadBuffer);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 12, 0);
  gl.bindBuffer(gl.ARRAY_BUFFER, instances);
  for (let a = 1; a <= 3; a++) {
    gl.enableVertexAttribArray(a);
    gl.vertexAttribPointer(a, 4, gl.FLOAT, false, FLOATS * 4, (a - 1) * 16);
    gl.vertexAttribDivisor(a, 1);
  }
  gl.bindVertexArray(null);

  const atlas = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, atlas);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true);   // blended as premultiplied, like the footprints
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, style.atlas);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);

  let data = new Float32Array(FLOATS * 256);
  let count = 0, base = 0, glidesUntil = 0;
  let width = 1, height = 1;

  return {
    kind: 'webgl',
    resize(w, h) { width = w; height = h; },
    /**
     * Writes the instances (only when the fleet or the marks changed): members of the shown floor.
     * marks(i) gives an AGV's MARK_* bits beside its own flags.
     */
    update(fleet, n, marks, now) {
      if (data.length < n * FLOATS) data = new Float32Array(Math.max(n, data.length / FLOATS * 2) * FLOATS);
      base = now;
      glidesUntil = 0;
      for (let j = 0; j < n; j++) {
        const i = fleet.onFloor[j], o = j * FLOATS;
        data[o] = fleet.fromX[i]; data[o + 1] = fleet.fromY[i]; data[o + 2] = fleet.fromT[i]; data[o + 3] = fleet.toX[i];
        data[o + 4] = fleet.toY[i]; data[o + 5] = fleet.toT[i]; data[o + 6] = fleet.start[i] - base; data[o + 7] = fleet.dur[i];
        data[o + 8] = fleet.len[i]; data[o + 9] = fleet.wid[i]; data[o + 10] = style.codeOf(fleet.state[i]); data[o + 11] = marks(i);
        const end = fleet.start[i] + fleet.dur[i];
        if (end > glidesUntil) glidesUntil = end;
      }
      count = n;
      gl.bindBuffer(gl.ARRAY_BUFFER, instances);
      gl.bufferData(gl.ARRAY_BUFFER, data.subarray(0, n * FLOATS), gl.DYNAMIC_DRAW);
    },
    /** Draws at time now; returns whether something still glides. */
    draw(view, now, stale) {
      gl.viewport(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      if (count === 0) return false;
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      gl.bindVertexArray(vao);
      for (const [p, vertices] of [[body, 6], [glyph, 18]]) {
        gl.useProgram(p.id);
        gl.uniform3f(p.u.uView, view.scale, view.ox, view.oy);
        gl.uniform2f(p.u.uSize, width, height);
        gl.uniform1f(p.u.uNow, now - base);
        gl.uniform1f(p.u.uStale, stale ? 1 : 0);
        if (p === body) gl.uniform4fv(p.u.uColours, style.rgba.subarray(0, Math.min(style.rgba.length, 80)));
        else {
          gl.activeTexture(gl.TEXTURE0);
          gl.bindTexture(gl.TEXTURE_2D, atlas);
          gl.uniform1i(p.u.uAtlas, 0);
          gl.uniform1f(p.u.uCells, style.cells);
        }
        gl.drawArraysInstanced(gl.TRIANGLES, 0, vertices, count);
      }
      gl.bindVertexArray(null);
      return !stale && now < glidesUntil;
    },
    dispose() {
      gl.deleteBuffer(quadBuffer);
      gl.deleteBuffer(instances);
      gl.deleteVertexArray(vao);
      gl.deleteTexture(atlas);
      gl.deleteProgram(body.id);
      gl.deleteProgram(glyph.id);
    },
  };
}

function program(gl, vs, fs) {
  const shader = (type, source) => {
    const s = gl.createShader(type);
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) { console.warn('live map: shader', gl.getShaderInfoLog(s)); return null; }
    return s;
  };
  const v = shader(gl.VERTEX_SHADER, vs), f = shader(gl.FRAGMENT_SHADER, fs);
  if (!v || !f) return null;
  const id = gl.createProgram();
  gl.attachShader(id, v);
  gl.attachShader(id, f);
  gl.linkProgram(id);
  if (!gl.getProgramParameter(id, gl.LINK_STATUS)) { console.warn('live map: program', gl.getProgramInfoLog(id)); return null; }
  const u = {};
  for (let i = 0, n = gl.getProgramParameter(id, gl.ACTIVE_UNIFORMS); i < n; i++) {
    const name = gl.getActiveUniform(id, i).name.replace('[0]', '');
    u[name] = gl.getUniformLocation(id, name);
  }
  return { id, u };
}

export const GLYPH_CELL_PX = GLYPH_PX;
