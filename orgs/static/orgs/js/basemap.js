/* A base map drawn from local data, no tiles: province outlines, prefecture outlines from zoom 6,
   labels, the 南海断续线, and a 南海诸岛 inset when the whole of China is in view. It is the default
   on every map, so a map works where no tile server answers (much of mainland China, offline).
   Files come from the site's own static files (orgs/data, see its README for provenance). */
(function () {
  "use strict";
  window.ngo20 = window.ngo20 || {};

  var CITY_ZOOM = 6;        // prefecture outlines and names from this zoom on
  var PROVINCE_LABELS = 4;  // province names from this zoom on (below it they crowd)
  // The country-level view: the bulk of China in view (its far corners may be cut by a narrow
  // screen), and the inset shows the South China Sea islands beside it.
  var CHINA_CORE = L.latLngBounds([[21.0, 80.0], [49.0, 127.0]]);
  var COUNTRY_ZOOM = 4;
  var cache = {};

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
    }
    return cache[url];
  }

  function config() {
    var element = document.getElementById("map-basemap");
    return element ? JSON.parse(element.textContent) : null;
  }

  var AREA = { color: "#9aa9a0", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1, interactive: false };
  var CITY = { color: "#c3cbc4", weight: 0.6, fill: false, interactive: false };
  var DASHES = { color: "#5b7fa6", weight: 1.6, interactive: false };

  /* A place name: a permanent tooltip, not a marker, so markers stay the map's own points. */
  function labelMarker(label, cls, pane) {
    return L.tooltip({
      permanent: true, direction: "center", interactive: false, pane: pane,
      className: "basemap-label " + cls,
    }).setLatLng([label.lat, label.lng]).setContent(document.createTextNode(label.name));
  }

  /* A layer group that is itself the base map: add it to a map like a tile layer. */
  window.ngo20.outlineLayer = function (map) {
    var settings = config();
    var group = L.layerGroup();
    if (!settings) { return group; }
    if (!map.getPane("basemap")) {
      map.createPane("basemap").style.zIndex = 150;       // below tiles' overlays and markers
      map.createPane("basemaplabels").style.zIndex = 350;  // above areas, below markers (600)
      map.getPane("basemaplabels").style.pointerEvents = "none";
    }
    var provinces = L.geoJSON(null, { style: AREA, pane: "basemap" });
    var cities = L.geoJSON(null, { style: CITY, pane: "basemap" });
    var dashes = L.geoJSON(null, { style: DASHES, pane: "basemap" });
    var provinceLabels = L.layerGroup();
    var cityLabels = L.layerGroup();
    var citiesLoaded = false;
    group.addLayer(provinces).addLayer(dashes);

    load(settings.provinces).then(function (data) { provinces.addData(data); }).catch(function () {});
    load(settings.lines).then(function (data) { dashes.addData(data); }).catch(function () {});
    load(settings.labels).then(function (data) {
      data.provinces.forEach(function (label) { provinceLabels.addLayer(labelMarker(label, "province", "basemaplabels")); });
      data.cities.forEach(function (label) { cityLabels.addLayer(labelMarker(label, "city", "basemaplabels")); });
      update();
    }).catch(function () {});

    function update() {
      if (!map.hasLayer(group)) { return; }
      var zoom = map.getZoom();
      if (zoom >= CITY_ZOOM && !citiesLoaded) {
        citiesLoaded = true;
        load(settings.cities).then(function (data) { cities.addData(data); }).catch(function () {});
      }
      toggle(cities, zoom >= CITY_ZOOM);
      toggle(cityLabels, zoom >= CITY_ZOOM + 1);
      toggle(provinceLabels, zoom >= PROVINCE_LABELS && zoom < CITY_ZOOM + 1);
    }
    function toggle(layer, on) {
      if (on && !group.hasLayer(layer)) { group.addLayer(layer); }
      if (!on && group.hasLayer(layer)) { group.removeLayer(layer); }
    }
    group.on("add", function () { map.on("zoomend", update); update(); });
    group.on("remove", function () { map.off("zoomend", update); });
    group.ngo20Approval = settings.approval;
    group.ngo20Outline = true;
    return group;
  };

  /* The 南海诸岛 inset at the lower right, shown whenever the whole of China is in view. */
  window.ngo20.southChinaSeaInset = function (map) {
    var settings = config();
    if (!settings) { return; }
    var box = L.DomUtil.create("div", "scs-inset");
    box.setAttribute("aria-label", settings.insetLabel);
    box.setAttribute("role", "img");
    var holder = L.control({ position: "bottomright" });
    holder.onAdd = function () { return box; };
    holder.addTo(map);
    var caption = L.DomUtil.create("span", "scs-inset-caption", box);
    caption.textContent = settings.insetLabel;
    var inset = L.map(L.DomUtil.create("div", "scs-inset-map", box), {
      attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, tap: false,
      zoomSnap: 0.25,
    });
    inset.createPane("basemap").style.zIndex = 150;
    load(settings.provinces).then(function (data) {
      L.geoJSON(data, { style: AREA, pane: "basemap" }).addTo(inset);
    }).catch(function () {});
    load(settings.lines).then(function (data) {
      L.geoJSON(data, { style: DASHES, pane: "basemap" }).addTo(inset);
    }).catch(function () {});

    function update() {
      var bounds = map.getBounds();
      var shown = bounds.contains(CHINA_CORE) || (map.getZoom() <= COUNTRY_ZOOM && bounds.contains([35.0, 104.0]));
      box.classList.toggle("is-shown", shown);
      box.hidden = !shown;
      if (shown) {
        inset.invalidateSize();
        inset.fitBounds([[3.0, 106.5], [24.5, 123.5]]);
      }
    }
    map.on("moveend zoomend resize", update);
    map.whenReady(update);
  };
})();
