/* Shared by every map: a Leaflet map with the configured base layers (settings.MAP_BASE_LAYERS).
   Points are WGS-84. When the shown base layer is drawn in GCJ-02 (AMap), points are shifted
   for display and clicks shifted back, with window.ngo20.gcj02. Without tiles (offline, tests)
   the map still shows markers on a plain background. */
(function () {
  "use strict";
  window.ngo20 = window.ngo20 || {};

  function baseLayers() {
    var element = document.getElementById("map-tiles");
    return element ? JSON.parse(element.textContent) : [];
  }

  window.ngo20.makeMap = function (element, options) {
    var map = L.map(element, options || {});
    var layers = {};
    var configs = baseLayers();
    map.ngo20Gcj02 = false;
    configs.forEach(function (config, index) {
      var layer = L.tileLayer(config.url, config.options || {});
      if (config.labels) {
        layer = L.layerGroup([layer, L.tileLayer(config.labels, config.options || {})]);
      }
      layer.ngo20Gcj02 = !!config.gcj02;
      layers[config.name] = layer;
      if (index === 0) { layer.addTo(map); map.ngo20Gcj02 = layer.ngo20Gcj02; }
    });
    if (configs.length > 1) { L.control.layers(layers, {}, { collapsed: true }).addTo(map); }
    map.on("baselayerchange", function (event) {
      map.ngo20Gcj02 = !!event.layer.ngo20Gcj02;
      map.fire("ngo20:datumchange");
    });
    return map;
  };

  /* WGS-84 [lng, lat] → the LatLng to draw on the current base layer. */
  window.ngo20.toDisplay = function (map, lng, lat) {
    if (map.ngo20Gcj02 && window.ngo20.gcj02) {
      var shifted = window.ngo20.gcj02.wgs84ToGcj02(lng, lat);
      return L.latLng(shifted[1], shifted[0]);
    }
    return L.latLng(lat, lng);
  };

  /* A LatLng on the current base layer (a click) → WGS-84 {lng, lat} to store. */
  window.ngo20.fromDisplay = function (map, latlng) {
    if (map.ngo20Gcj02 && window.ngo20.gcj02) {
      var back = window.ngo20.gcj02.gcj02ToWgs84(latlng.lng, latlng.lat);
      return { lng: back[0], lat: back[1] };
    }
    return { lng: latlng.lng, lat: latlng.lat };
  };
})();
