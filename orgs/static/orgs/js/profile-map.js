/* The small read-only map on an organization's page. */
(function () {
  "use strict";
  var element = document.getElementById("profile-map");
  if (!element || !window.L) { return; }
  var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
  var map = window.ngo20.makeMap(element, { scrollWheelZoom: false });
  map.setView(point, 10);
  L.marker(point, { keyboard: false }).addTo(map);
})();
