// The browser station's loader (served by package web at /tearline.js): it
// reads the session code from ?code= (or asks for it), passes the session's
// address and code to the Go program as TEARLINE_JOIN and TEARLINE_CODE (and
// ?nation= and ?team=, if given, as TEARLINE_NATION and TEARLINE_TEAM),
// loads /tearline.wasm, and records timings in window.tearline:
//   times.script       this script started (ms since navigation start)
//   times.fetched      the wasm's response headers arrived
//   times.compiled     the wasm was compiled and instantiated
//   times.firstFrame   the game first drew to the visible canvas
// window.tearline.join is the address given to the Go program (nation and
// team: what the address asked for), and
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

  // The address: ?code=CODE (required), and optionally &nation=ID (the
  // nation to play) and &team=NAME (the team's name on the console). A
  // value fits when it has no control character and is short enough in
  // UTF-8: a code at most 32 bytes (protocol.MaxCode), a nation or team at
  // most 128 (protocol.MaxName).
  const params = new URLSearchParams(location.search);
  const fits = function (v, max) { return new TextEncoder().encode(v).length <= max && !/[\u0000-\u001f\u007f]/.test(v); };
  const code = (params.get('code') || '').trim();
  const nation = (params.get('nation') || '').trim();
  const team = (params.get('team') || '').trim();
  const valid = fits(code, 32);
  const extras = fits(nation, 128) && fits(team, 128);
  window.tearline.nation = nation;
  window.tearline.team = team;
  if (!code || !valid || !extras) {
    if (!valid) {
      say('That session code is not valid: type the one the host shows.', true);
    } else if (!extras) {
      say('That nation or team name is not valid: type the session code to join as any free nation.', true);
    } else {
      status.hidden = true;
    }
    // The form keeps a valid nation and team for the next try.
    document.querySelectorAll('#join input[type=hidden]').forEach(function (input) {
      const v = input.name === 'nation' ? nation : team;
      input.value = v;
      input.disabled = !v || !extras;
    });
    document.getElementById('join').hidden = false;
    document.querySelector('#join input[name=code]').focus();
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
  if (nation) { go.env.TEARLINE_NATION = nation; }
  if (team) { go.env.TEARLINE_TEAM = team; }
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
