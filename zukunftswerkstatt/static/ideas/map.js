/* Maps for the idea collection, drawn with the vendored Leaflet and the tile server set by the
   municipality (MAP_TILE_URL). Without JavaScript or tiles, places are listed and typed in words. */
(function () {
  "use strict";

  function readConfig(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function baseMap(element, config) {
    var map = L.map(element, { scrollWheelZoom: false }).setView(config.center, config.zoom);
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    return map;
  }

  function overviewMap() {
    var element = document.getElementById("idea-map");
    var config = readConfig("idea-map-data");
    if (!element || !config || typeof L === "undefined") return;
    var map = baseMap(element, config);
    var bounds = [];
    config.ideas.forEach(function (idea) {
      var marker = L.marker([idea.lat, idea.lon], { title: idea.title, alt: idea.title }).addTo(map);
      var link = document.createElement("a");
      link.href = idea.url;
      link.textContent = idea.title; // text, never HTML: titles are user content
      marker.bindPopup(link);
      bounds.push([idea.lat, idea.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { maxZoom: 15, padding: [24, 24] });
  }

  function placePicker() {
    var element = document.getElementById("place-map");
    var config = readConfig("place-map-data");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!element || !config || !latitude || !longitude || typeof L === "undefined") return;
    var map = baseMap(element, config);
    var marker = null;
    function place(lat, lon) {
      if (marker) marker.setLatLng([lat, lon]);
      else marker = L.marker([lat, lon], { alt: element.getAttribute("aria-label") }).addTo(map);
    }
    if (latitude.value && longitude.value) {
      place(parseFloat(latitude.value.replace(",", ".")), parseFloat(longitude.value.replace(",", ".")));
    }
    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng);
      latitude.value = event.latlng.lat.toFixed(6);
      longitude.value = event.latlng.lng.toFixed(6);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    overviewMap();
    placePicker();
  });
})();
