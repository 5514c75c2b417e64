/* A map to place one point: a click or a dragged marker fills #id_longitude / #id_latitude (in
   WGS-84, whatever the base map), and typing coordinates moves the marker. */
(function () {
  "use strict";
  var element = document.getElementById("point-map");
  if (!element || !window.L) { return; }
  var lon = document.getElementById("id_longitude");
  var lat = document.getElementById("id_latitude");
  var map = window.ngo20.makeMap(element);
  var marker = null;

  function typed() { return lon.value !== "" && lat.value !== ""; }
  function show() {
    if (!typed()) { return; }
    var at = window.ngo20.toDisplay(map, parseFloat(lon.value), parseFloat(lat.value));
    if (!marker) {
      marker = L.marker(at, { draggable: true }).addTo(map);
      marker.on("dragend", function () { write(marker.getLatLng()); });
    } else {
      marker.setLatLng(at);
    }
    return at;
  }
  function write(latlng) {
    var wgs = window.ngo20.fromDisplay(map, latlng);
    lon.value = wgs.lng.toFixed(6);
    lat.value = wgs.lat.toFixed(6);
    show();
  }
  var start = show();
  if (start) {
    map.setView(start, 11);
  } else if (element.dataset.lon) {
    map.setView(window.ngo20.toDisplay(map, parseFloat(element.dataset.lon), parseFloat(element.dataset.lat)), 9);
  } else {
    map.setView([34.5, 104.0], 4);
  }
  map.on("click", function (event) { write(event.latlng); });
  map.on("ngo20:datumchange", show);
  [lon, lat].forEach(function (input) { input.addEventListener("change", function () { var at = show(); if (at) { map.panTo(at); } }); });
})();
