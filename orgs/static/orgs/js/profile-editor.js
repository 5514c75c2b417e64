/* The profile editor's place section: province → city → county selects that load their
   children, and a map whose marker writes the longitude/latitude inputs (and follows them).
   Without JavaScript the selects and coordinate inputs still work; the server checks all. */
(function () {
  "use strict";
  var place = document.getElementById("place");
  if (!place) { return; }
  var childrenUrl = place.dataset.childrenUrl;
  var province = document.getElementById("id_province");
  var city = document.getElementById("id_city");
  var county = document.getElementById("id_county");
  var lon = document.getElementById("id_longitude");
  var lat = document.getElementById("id_latitude");
  var clearButton = document.getElementById("clear-location");

  function selectedSeat() {
    var selects = [county, city, province];
    for (var i = 0; i < selects.length; i++) {
      var option = selects[i].options[selects[i].selectedIndex];
      if (option && option.value && option.dataset.lon) {
        return { lat: parseFloat(option.dataset.lat), lon: parseFloat(option.dataset.lon), level: option.dataset.level };
      }
    }
    return null;
  }

  function fill(select, rows) {
    var blank = select.options[0] ? select.options[0].cloneNode(true) : new Option("---------", "");
    blank.selected = true;
    select.innerHTML = "";
    select.appendChild(blank);
    rows.forEach(function (row) {
      var option = new Option(row.name, row.code);
      option.dataset.lon = row.lon;
      option.dataset.lat = row.lat;
      option.dataset.level = row.level;
      select.appendChild(option);
    });
    select.disabled = rows.length === 0;
  }

  function children(code) {
    return fetch(childrenUrl.replace("000000", code), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { children: [] }; })
      .then(function (data) { return data.children; });
  }

  // --- map ---
  var mapElement = document.getElementById("location-map");
  var map = null;
  var marker = null;
  var zoomFor = { province: 6, city: 9, county: 11 };

  function hasPoint() { return lon.value !== "" && lat.value !== ""; }

  function showMarker(latlng) {
    if (!map) { return; }
    if (!marker) {
      marker = L.marker(latlng, { draggable: true }).addTo(map);
      marker.on("dragend", function () { writeInputs(marker.getLatLng()); });
    } else {
      marker.setLatLng(latlng);
    }
  }

  // The marker sits where the base map draws it; the inputs hold WGS-84 (see map-common.js).
  function writeInputs(latlng) {
    var wgs = window.ngo20.fromDisplay(map, latlng);
    lon.value = wgs.lng.toFixed(6);
    lat.value = wgs.lat.toFixed(6);
  }

  function typedPoint() {
    return window.ngo20.toDisplay(map, parseFloat(lon.value), parseFloat(lat.value));
  }

  function seatChanged() {
    var seat = selectedSeat();
    if (!seat || !map) { return; }
    map.setView(window.ngo20.toDisplay(map, seat.lon, seat.lat), zoomFor[seat.level] || 8);
  }

  if (mapElement && window.L) {
    map = window.ngo20.makeMap(mapElement);
    var seat = selectedSeat();
    if (hasPoint()) {
      var latlng = typedPoint();
      map.setView(latlng, 11);
      showMarker(latlng);
    } else if (seat) {
      map.setView(window.ngo20.toDisplay(map, seat.lon, seat.lat), zoomFor[seat.level] || 8);
    } else {
      map.setView([35, 105], 4);
    }
    map.on("click", function (event) {
      showMarker(event.latlng);
      writeInputs(event.latlng);
    });
    map.on("ngo20:datumchange", function () { if (hasPoint() && marker) { marker.setLatLng(typedPoint()); } });
    [lon, lat].forEach(function (input) {
      input.addEventListener("change", function () {
        if (hasPoint()) {
          var typed = typedPoint();
          showMarker(typed);
          map.panTo(typed);
        }
      });
    });
  }

  if (clearButton) {
    clearButton.addEventListener("click", function () {
      lon.value = "";
      lat.value = "";
      if (marker) { map.removeLayer(marker); marker = null; }
      seatChanged();
    });
  }

  province.addEventListener("change", function () {
    fill(city, []);
    fill(county, []);
    seatChanged();
    if (!province.value) { return; }
    children(province.value).then(function (rows) {
      fill(city, rows.filter(function (row) { return row.level === "city"; }));
      // Municipalities and 省直辖县: counties sit directly under the province.
      fill(county, rows.filter(function (row) { return row.level === "county"; }));
    });
  });

  city.addEventListener("change", function () {
    seatChanged();
    var code = city.value || province.value;
    if (!code) { return; }
    children(code).then(function (rows) {
      fill(county, rows.filter(function (row) { return row.level === "county"; }));
    });
  });

  county.addEventListener("change", seatChanged);
})();
