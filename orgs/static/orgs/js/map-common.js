/* Shared by every map: a Leaflet map whose default base is the local outline map (basemap.js),
   with the tile layers the deployer turned on (settings.MAP_TILE_LAYERS) as options. Points are
   WGS-84. When the shown base layer is drawn in GCJ-02 (AMap), points are shifted for display
   and clicks shifted back, with window.ngo20.gcj02. A tile layer that cannot load falls back to
   the outline map on its own. */
(function () {
  "use strict";
  window.ngo20 = window.ngo20 || {};

  function baseLayers() {
    var element = document.getElementById("map-tiles");
    return element ? JSON.parse(element.textContent) : [];
  }

  function basemapConfig() {
    var element = document.getElementById("map-basemap");
    return element ? JSON.parse(element.textContent) : null;
  }

  var TILE_TIMEOUT_MS = 4000;  // no tile loaded by then: the tile server is out of reach

  /* A tile layer that, when its tiles do not load, hands over to the local outline map by itself
     and says so in a small note. */
  function watchTiles(map, layer, outline, note) {
    var loaded = false, timer = null;
    function fallBack() {
      if (loaded || !map.hasLayer(layer)) { return; }
      map.removeLayer(layer);
      outline.addTo(map);
      map.ngo20Gcj02 = false;
      map.fire("ngo20:datumchange");
      var box = L.control({ position: "topright" });
      box.onAdd = function () {
        var div = L.DomUtil.create("div", "map-note");
        div.setAttribute("role", "status");
        div.textContent = note;
        return div;
      };
      box.addTo(map);
      map.ngo20FellBack = true;
      map.getContainer().setAttribute("data-fell-back", "true");
    }
    var tiles = layer.getLayers ? layer.getLayers()[0] : layer;
    tiles.on("tileload", function () { loaded = true; window.clearTimeout(timer); });
    layer.on("add", function () {
      if (!loaded) { window.clearTimeout(timer); timer = window.setTimeout(fallBack, TILE_TIMEOUT_MS); }
    });
    tiles.on("tileerror", function () {
      // A tile failed and none has loaded: give the others a moment, then fall back.
      if (!loaded) { window.clearTimeout(timer); timer = window.setTimeout(fallBack, 1000); }
    });
  }

  window.ngo20.makeMap = function (element, options) {
    var map = L.map(element, options || {});
    var layers = {};
    var configs = baseLayers();
    var basemap = basemapConfig();
    var outline = window.ngo20.outlineLayer ? window.ngo20.outlineLayer(map) : null;
    if (outline && basemap) {
      outline.getAttribution = function () { return basemap.approval; };
      layers[basemap.name] = outline;
    }
    map.ngo20Gcj02 = false;
    var first = null;
    configs.forEach(function (config) {
      var layer = L.tileLayer(config.url, config.options || {});
      if (config.labels) {
        layer = L.layerGroup([layer, L.tileLayer(config.labels, config.options || {})]);
      }
      if (config.approval && basemap) {
        layer.getAttribution = function () { return basemap.approvalPrefix.replace("%(number)s", config.approval); };
      }
      layer.ngo20Gcj02 = !!config.gcj02;
      layers[config.name] = layer;
      if (outline) { watchTiles(map, layer, outline, basemap.fallback); }
      if (!first) { first = layer; }
    });
    var initial = (basemap && basemap.default) || !first ? outline : first;
    if (initial) { initial.addTo(map); map.ngo20Gcj02 = !!initial.ngo20Gcj02; }
    if (Object.keys(layers).length > 1) { L.control.layers(layers, {}, { collapsed: true }).addTo(map); }
    map.on("baselayerchange", function (event) {
      map.ngo20Gcj02 = !!event.layer.ngo20Gcj02;
      map.fire("ngo20:datumchange");
    });
    if (window.ngo20.southChinaSeaInset) { window.ngo20.southChinaSeaInset(map); }
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
