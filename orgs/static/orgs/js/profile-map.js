/* The small read-only map on an organization's page. */
(function () {
  "use strict";
  var element = document.getElementById("profile-map");
  if (!element || !window.L) { return; }
  var lon = parseFloat(element.dataset.lon), lat = parseFloat(element.dataset.lat);
  var map = window.ngo20.makeMap(element, { scrollWheelZoom: false });
  var marker = L.marker(window.ngo20.toDisplay(map, lon, lat), { keyboard: false }).addTo(map);
  map.setView(marker.getLatLng(), 10);
  map.on("ngo20:datumchange", function () { marker.setLatLng(window.ngo20.toDisplay(map, lon, lat)); });
})();
