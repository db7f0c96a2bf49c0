// Writes the page's connect-src policy (a second CSP, so it can only narrow the base one) from the origins the user
// allowed (localStorage 'overton:allowed-origins', see src/data/allowed-origins.ts). Loaded as the first script of the
// built index.html, before the app, so no app code ever runs without it. Not a module: it must run synchronously.
(function () {
  var ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;
  var allowed = [];
  try {
    var v = JSON.parse(localStorage.getItem('overton:allowed-origins') || '[]');
    if (Array.isArray(v)) allowed = v.filter(function (o) { return typeof o === 'string' && ORIGIN.test(o); });
  } catch (e) {
    allowed = [];
  }
  var meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = ["connect-src 'self'"].concat(allowed).join(' ');
  document.head.appendChild(meta);
  // A marker the app reads to know it runs under this policy (allowed-origins.ts `canConnect`).
  var marker = document.createElement('meta');
  marker.name = 'overton-connect-src';
  marker.content = allowed.join(' ');
  document.head.appendChild(marker);
})();
