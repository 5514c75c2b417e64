/* Following an area. On the follow form: province → city → county selects that load their
   children. On the map: the "follow this area" and feed links carry the current filter, and the
   follow link the visible box (in WGS-84) unless a province is chosen. Without JavaScript both
   work with the filter alone; the server checks everything. */
(function () {
  "use strict";
  var form = document.getElementById("follow-form");
  if (form) {
    var childrenUrl = form.dataset.childrenUrl;
    var province = document.getElementById("id_province");
    var city = document.getElementById("id_city");
    var county = document.getElementById("id_county");
    var fill = function (select, rows) {
      var blank = select.options[0] ? select.options[0].cloneNode(true) : new Option("---", "");
      blank.selected = true;
      select.innerHTML = "";
      select.appendChild(blank);
      rows.forEach(function (row) { select.appendChild(new Option(row.name, row.code)); });
    };
    var load = function (code, select) {
      if (!code) { fill(select, []); return Promise.resolve(); }
      return fetch(childrenUrl.replace("000000", code), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { children: [] }; })
        .then(function (data) {
          fill(select, data.children.filter(function (row) { return row.level === (select === city ? "city" : "county"); }));
        });
    };
    province.addEventListener("change", function () {
      load(province.value, city);
      load(province.value, county);
    });
    city.addEventListener("change", function () { load(city.value || province.value, county); });
  }

  var follow = document.getElementById("follow-area");
  var map = window.ngo20 && window.ngo20.resourceMap;
  if (!follow || !map) { return; }
  var base = follow.getAttribute("href");
  function update() {
    var params = new URLSearchParams(window.location.search);
    params.delete("page");
    if (!params.get("province")) {
      var bounds = map.getBounds();
      var sw = window.ngo20.fromDisplay(map, bounds.getSouthWest());
      var ne = window.ngo20.fromDisplay(map, bounds.getNorthEast());
      var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
      params.set("bbox", [clamp(sw.lng, -180, 180), clamp(sw.lat, -90, 90), clamp(ne.lng, -180, 180),
        clamp(ne.lat, -90, 90)].map(function (v) { return v.toFixed(5); }).join(","));
    }
    follow.setAttribute("href", base.split("?")[0] + "?" + params.toString());
  }
  map.on("moveend", update);
  update();
})();
