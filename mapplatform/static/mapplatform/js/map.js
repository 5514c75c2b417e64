/* The resource map. Asks the server for the visible box at the current zoom (clusters at low
   zoom, points at high zoom: never everything), draws organizations, needs and offers, matched
   cases and a province layer, and keeps a list of what is in view beside the map.
   Filters are the form's query string; the view (zoom/lat/lng) is in the URL hash, so a map can
   be shared as a link. Works without tiles: everything is drawn from our own data. */
(function () {
  "use strict";
  var element = document.getElementById("resource-map");
  if (!element || !window.L) { return; }
  var text = JSON.parse(document.getElementById("map-messages").textContent);
  var filters = new URLSearchParams(window.location.search);
  filters.delete("page");
  var map = window.ngo20.makeMap(element, { minZoom: 3, maxZoom: 18, worldCopyJump: false });
  var COLORS = { orgs: "#0b6e4f", need: "#b3261e", offer: "#1f5fa8" };
  // Province shapes get their own pane below the markers: drawn whenever their data arrives
  // (often after the markers), they would otherwise cover the points and take their clicks.
  map.createPane("provinces").style.zIndex = 350;
  // Needs and offers under their organizations: an organization's point sits on top of its own
  // posts (often at the same place) and stays clickable, whichever answer arrives last.
  map.createPane("post-points", map.getPane("overlayPane")).style.zIndex = 410;
  map.createPane("org-points", map.getPane("overlayPane")).style.zIndex = 420;

  function initialView() {
    var match = /^#(\d+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(window.location.hash);
    if (match) { return { zoom: +match[1], center: [+match[2], +match[3]] }; }
    return { zoom: 4, center: [34.5, 104.0] };
  }
  var provinceBounds = JSON.parse((document.getElementById("province-bounds") || {}).textContent || "{}");
  function provinceView(code) {
    var box = provinceBounds[code];
    if (!box) { return null; }
    return L.latLngBounds(window.ngo20.toDisplay(map, box[0], box[1]), window.ngo20.toDisplay(map, box[2], box[3]));
  }
  var view = initialView();
  map.setView(view.center, view.zoom);
  // A province chosen in the filter (a shared link without a view) shows that province.
  if (!window.location.hash && filters.get("province") && provinceView(filters.get("province"))) {
    map.fitBounds(provinceView(filters.get("province")), { animate: false });
  }

  var layers = {
    orgs: L.layerGroup().addTo(map),
    posts: L.layerGroup().addTo(map),
    matches: L.layerGroup().addTo(map),
    provinces: L.layerGroup()
  };
  var overlays = {};
  overlays[text.orgs] = layers.orgs;
  overlays[text.posts] = layers.posts;
  overlays[text.matches] = layers.matches;
  overlays[text.provinces_orgs] = layers.provinces;
  var provinceMetric = L.layerGroup();
  overlays[text.provinces_needs] = provinceMetric;
  // Other apps' layers (mapplatform/layers.py) add themselves to this control.
  map.ngo20Overlays = L.control.layers(null, overlays, { collapsed: false }).addTo(map);

  function escapeHtml(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function csrfToken() {
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function bboxParam() {
    var bounds = map.getBounds();
    // The box is asked for in WGS-84 whatever the base map draws in.
    var sw = window.ngo20.fromDisplay(map, bounds.getSouthWest());
    var ne = window.ngo20.fromDisplay(map, bounds.getNorthEast());
    var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
    return [clamp(sw.lng, -180, 180), clamp(sw.lat, -90, 90), clamp(ne.lng, -180, 180), clamp(ne.lat, -90, 90)]
      .map(function (v) { return v.toFixed(5); }).join(",");
  }
  function query(extra) {
    var params = new URLSearchParams(filters);
    Object.keys(extra).forEach(function (key) { params.set(key, extra[key]); });
    return params.toString();
  }
  function flagForm(target, id) {
    if (!element.dataset.flagUrl) { return ""; }  // the embedded map has no report button
    var url = element.dataset.flagUrl.replace("TARGET", target).replace(/0\/$/, id + "/");
    return '<form method="post" action="' + url + '" class="popup-flag">' +
      '<input type="hidden" name="csrfmiddlewaretoken" value="' + escapeHtml(csrfToken()) + '">' +
      '<input type="hidden" name="reason" value="other">' +
      '<button type="submit" class="link-button">' + escapeHtml(text.flag) + "</button></form>";
  }
  function popupFor(props) {
    var kind = props.layer === "posts" ? (props.post_kind === "need" ? text.need : text.offer) + " · " : "";
    var owner = props.owner ? '<br><span class="muted">' + escapeHtml(props.owner) + "</span>" : "";
    var rate = props.layer === "orgs" ? ' · <a href="' + escapeHtml(props.url) + '#trust">' + escapeHtml(text.rate) + "</a>" : "";
    // A post's first photo, as a thumbnail (issue 15).
    var photo = props.photo ? '<a href="' + escapeHtml(props.url) + '"><img class="popup-photo" src="' +
      escapeHtml(props.photo) + '" alt="" width="120" height="90" loading="lazy"></a>' : "";
    return photo + '<strong><a href="' + escapeHtml(props.url) + '">' + escapeHtml(props.name) + "</a></strong><br>" +
      '<span class="muted">' + escapeHtml(kind) + "</span>" + owner + rate +
      flagForm(props.layer === "posts" ? "post" : "organization", props.id);
  }
  function colorOf(props) {
    return props.layer === "orgs" ? COLORS.orgs : COLORS[props.post_kind] || COLORS.offer;
  }
  function drawFeatures(layerName, data) {
    var group = layers[layerName];
    group.clearLayers();
    data.features.forEach(function (feature) {
      var coords = feature.geometry.coordinates;
      var at = window.ngo20.toDisplay(map, coords[0], coords[1]);
      var props = feature.properties;
      if (props.cluster) {
        var size = Math.min(56, 26 + Math.round(Math.log(props.count) * 5));
        var marker = L.marker(at, {
          icon: L.divIcon({ className: "cluster cluster-" + layerName, html: "<span>" + props.count + "</span>",
                            iconSize: [size, size] }),
          title: props.count + " " + text[layerName], keyboard: true,
          zIndexOffset: layerName === "orgs" ? 1000 : 0
        });
        marker.on("click", function () { map.setView(at, Math.min(map.getZoom() + 2, 18)); });
        group.addLayer(marker);
      } else {
        var point = L.circleMarker(at, { radius: 7, color: "#fff", weight: 2, fillColor: colorOf(props), fillOpacity: 0.95,
                                         pane: layerName === "orgs" ? "org-points" : "post-points" });
        point.bindPopup(popupFor(props));
        point.feature = feature;
        group.addLayer(point);
      }
    });
  }

  var pending = null;
  function fetchJson(url) {
    // The API answers in the page's language (names, links to /en/ pages).
    return fetch(url, { headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang || "zh-hans" },
                        credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); });
  }
  function refresh() {
    var zoom = map.getZoom();
    var box = bboxParam();
    var token = {};
    pending = token;
    element.classList.add("loading");
    var requests = ["orgs", "posts"].map(function (name) {
      if (!map.hasLayer(layers[name])) { layers[name].clearLayers(); return Promise.resolve(); }
      return fetchJson(element.dataset.featuresUrl + "?" + query({ layer: name, bbox: box, zoom: zoom }))
        .then(function (data) { if (pending === token) { drawFeatures(name, data); } });
    });
    if (map.hasLayer(layers.matches)) {
      requests.push(fetchJson(element.dataset.matchesUrl + "?" + query({ bbox: box })).then(function (data) {
        if (pending !== token) { return; }
        layers.matches.clearLayers();
        data.features.forEach(function (feature) {
          var line = feature.geometry.coordinates.map(function (c) { return window.ngo20.toDisplay(map, c[0], c[1]); });
          L.polyline(line, { color: "#7a4fb3", weight: 3, dashArray: "6 4" })
            .bindPopup('<a href="' + escapeHtml(feature.properties.offer_url) + '">' + escapeHtml(feature.properties.offer) +
                       '</a> ⇄ <a href="' + escapeHtml(feature.properties.need_url) + '">' + escapeHtml(feature.properties.need) + "</a>")
            .addTo(layers.matches);
        });
      }));
    }
    Promise.all(requests).then(function () {
      element.classList.remove("loading");
      element.dataset.loaded = "true";
    }).catch(function () {
      element.classList.remove("loading");
      document.getElementById("map-list-count").textContent = text.error;
    });
    refreshList(true);
    keepViewInUrl();
  }
  function keepViewInUrl() {
    history.replaceState(null, "", window.location.pathname + window.location.search +
      "#" + map.getZoom() + "/" + map.getCenter().lat.toFixed(4) + "/" + map.getCenter().lng.toFixed(4));
  }

  // --- the list beside the map ---
  var listLayer = "orgs";
  var listPage = 1;
  var listEl = document.getElementById("map-list");
  var more = document.getElementById("map-list-more");
  var listPending = null;
  function refreshList(reset) {
    if (reset) { listPage = 1; listEl.innerHTML = ""; }
    // Hidden until an answer says there is a next page; disabled while a page is on its way, so
    // a second click never asks for a page past the end.
    more.hidden = true;
    more.disabled = true;
    // Only the latest request fills the list: an answer for the other tab or an earlier view,
    // arriving late, would otherwise be appended to it.
    var token = {};
    listPending = token;
    fetchJson(element.dataset.listUrl + "?" + query({ layer: listLayer, bbox: bboxParam(), page: listPage }))
      .then(function (data) {
        if (listPending !== token) { return; }
        document.getElementById("map-list-count").textContent = data.count + " " + text.found;
        data.results.forEach(function (row) {
          var item = document.createElement("li");
          item.innerHTML = '<a href="' + escapeHtml(row.url) + '">' + escapeHtml(row.name) + "</a> " +
            '<span class="muted">' + escapeHtml(row.province) + "</span>";
          listEl.appendChild(item);
        });
        more.hidden = !data.next;
        more.disabled = !data.next;
      }).catch(function () {
        if (listPending === token) { document.getElementById("map-list-count").textContent = text.error; }
      });
  }
  more.addEventListener("click", function () {
    if (more.hidden || more.disabled) { return; }
    listPage += 1;
    refreshList(false);
  });
  document.querySelectorAll(".map-list .tab").forEach(function (tab) {
    tab.addEventListener("click", function () {
      listLayer = tab.dataset.layer;
      document.querySelectorAll(".map-list .tab").forEach(function (other) {
        other.setAttribute("aria-selected", String(other === tab));
      });
      refreshList(true);
    });
  });

  // --- province layer (choropleth) ---
  function drawProvinces(group, metric) {
    fetchJson(element.dataset.provincesUrl + "?metric=" + metric).then(function (data) {
      var max = Math.max.apply(null, data.features.map(function (f) { return f.properties.count; }).concat([1]));
      group.clearLayers();
      L.geoJSON(data, {
        pane: "provinces",
        coordsToLatLng: function (c) { return window.ngo20.toDisplay(map, c[0], c[1]); },
        style: function (feature) {
          var share = feature.properties.count / max;
          return { color: "#555", weight: 1, fillColor: metric === "needs" ? "#b3261e" : "#0b6e4f",
                   fillOpacity: 0.08 + 0.6 * Math.sqrt(share) };
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(escapeHtml(feature.properties.name) + ": " + feature.properties.count);
        }
      }).addTo(group);
    });
  }
  map.on("overlayadd", function (event) {
    if (event.layer === layers.provinces) { drawProvinces(layers.provinces, "orgs"); }
    else if (event.layer === provinceMetric) { drawProvinces(provinceMetric, "needs"); }
    else { refresh(); }
  });
  map.on("overlayremove", refresh);

  // Choosing a province in the filter moves the map there at once; the view goes into the URL, so
  // the Filter button's reload keeps it.
  var provinceSelect = document.querySelector("#map-filters select[name=province]");
  if (provinceSelect) {
    provinceSelect.addEventListener("change", function () {
      var bounds = provinceView(provinceSelect.value);
      if (bounds) { map.fitBounds(bounds, { animate: false }); keepViewInUrl(); }
    });
  }

  var timer = null;
  map.on("moveend", function () { window.clearTimeout(timer); timer = window.setTimeout(refresh, 150); });
  map.on("ngo20:datumchange", refresh);
  refresh();
  window.ngo20.resourceMap = map;
})();
