// Stand-in for the Forge host's side of @forge/bridge, injected by sandbox/ui-server.ts into a
// Custom UI app's index.html BEFORE its bundle. @forge/bridge calls
// globalThis.__bridge.callBridge(name, payload) (node_modules/@forge/bridge/out/bridge.js); here
// every call becomes POST /bridge/<app>/<name> to the sandbox, which runs the same core operation
// the Forge resolver runs. So the bundle under test is byte for byte the one that ships.
/* global document, fetch */
(function () {
  var script = document.currentScript;
  var app = (script && script.getAttribute('data-app')) || 'app';
  function callBridge(name, payload) {
    return fetch('/bridge/' + encodeURIComponent(app) + '/' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload === undefined ? null : payload),
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = text ? JSON.parse(text) : undefined;
        if (!response.ok) {
          throw new Error(
            (body && body.message) || 'Bridge call ' + name + ' failed with HTTP ' + response.status,
          );
        }
        return body;
      });
    });
  }
  globalThis.__bridge = { callBridge: callBridge };
})();
