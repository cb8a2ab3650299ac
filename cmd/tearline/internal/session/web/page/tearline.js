// The browser station's loader (served by package web at /tearline.js): it
// reads the session code from ?code= (or asks for it), passes the session's
// address and code to the Go program as TEARLINE_JOIN and TEARLINE_CODE,
// loads /tearline.wasm, and records timings in window.tearline:
//   times.script       this script started (ms since navigation start)
//   times.fetched      the wasm's response headers arrived
//   times.compiled     the wasm was compiled and instantiated
//   times.firstFrame   the game first drew to the visible canvas
// window.tearline.join is the address given to the Go program, and
// window.tearlineFirstFrame is times.firstFrame, for tests.
'use strict';
(function () {
  const times = { script: performance.now() };
  window.tearline = { times: times, error: '' };
  const status = document.getElementById('status');
  const say = function (text, bad) {
    status.textContent = text;
    status.hidden = false;
    status.className = bad ? 'error' : '';
    if (bad) { window.tearline.error = text; }
  };

  const code = (new URLSearchParams(location.search).get('code') || '').trim();
  const valid = code.length <= 64 && !/[\u0000-\u001f\u007f]/.test(code);
  if (!code || !valid) {
    if (valid) { status.hidden = true; } else { say('That session code is not valid: type the one the host shows.', true); }
    document.getElementById('join').hidden = false;
    document.querySelector('#join input').focus();
    return;
  }

  // The first frame: the first WebGL draw into the canvas's own
  // framebuffer (ebiten draws offscreen, then copies to the screen).
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, attrs) {
    const gl = getContext.call(this, type, attrs);
    if (!gl || (type !== 'webgl2' && type !== 'webgl') || gl.tearlineWatched) { return gl; }
    gl.tearlineWatched = true;
    let screen = true; // the default framebuffer is bound at first
    const bind = gl.bindFramebuffer;
    gl.bindFramebuffer = function (target, fb) {
      if (target === gl.FRAMEBUFFER || target === gl.DRAW_FRAMEBUFFER) { screen = !fb; } // ebiten passes undefined for the default one
      return bind.call(this, target, fb);
    };
    const watch = function (name) {
      const draw = gl[name];
      gl[name] = function () {
        if (screen && times.firstFrame === undefined) {
          times.firstFrame = performance.now();
          window.tearlineFirstFrame = times.firstFrame;
          status.hidden = true;
        }
        return draw.apply(this, arguments);
      };
    };
    watch('drawElements');
    watch('drawArrays');
    return gl;
  };

  const go = new Go();
  go.argv = ['tearline'];
  go.env = {
    TEARLINE_JOIN: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
    TEARLINE_CODE: code,
  };
  window.tearline.join = go.env.TEARLINE_JOIN;
  const fail = function (err) { say('The Tearline station could not start: ' + err, true); };
  fetch('/tearline.wasm').then(function (resp) {
    times.fetched = performance.now();
    if (!resp.ok) {
      return resp.text().then(function (text) { throw new Error(text.trim() || resp.statusText); });
    }
    say('Starting the Tearline station…');
    return WebAssembly.instantiateStreaming(resp, go.importObject);
  }).then(function (result) {
    times.compiled = performance.now();
    return go.run(result.instance);
  }).then(function () {
    say('The Tearline station stopped. Reload the page to start it again.');
  }).catch(function (err) { fail(err && err.message ? err.message : String(err)); });
})();
