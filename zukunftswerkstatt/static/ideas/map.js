/* Maps of the idea collection, drawn with the vendored Leaflet (and leaflet.markercluster on the
   overview) from the tile server in the settings (MAP_TILE_URL).

   Each map only adds to what the page says in words: the place picker to the place's name field,
   the overview to the list beside it, the small map on a contribution's page to its place name.
   Without JavaScript the map parts stay hidden. User text (titles, place names) is only ever
   written with textContent, never as HTML. */
(function () {
  "use strict";

  var STEP = 10; // pixels an arrow key moves the pin
  var BIG_STEP = 60; // with Shift

  function readConfig(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  // On a phone one finger scrolls the page, two fingers move and zoom the map: the map must never
  // catch the visitor's scrolling. The mouse wheel scrolls the page too.
  var touchFirst = typeof L !== "undefined" && L.Browser.mobile;

  function baseMap(element, config, options) {
    var map = L.map(
      element,
      Object.assign(
        { zoomControl: false, scrollWheelZoom: false, dragging: !touchFirst, tap: false },
        options || {}
      )
    );
    if (map.attributionControl) map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    return map;
  }

  function addZoomButtons(map, strings) {
    L.control.zoom({ zoomInTitle: strings.zoomIn, zoomOutTitle: strings.zoomOut }).addTo(map);
  }

  // Leaflet's own labels are English; the popup's close button gets the page's language.
  function translatePopups(map, strings) {
    map.on("popupopen", function (event) {
      var close = event.popup.getElement() && event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", strings.closePopup);
    });
  }

  function overviewMap() {
    var element = document.getElementById("idea-map");
    var config = readConfig("idea-map-data");
    if (!element || !config || typeof L === "undefined") return;
    element.hidden = false;
    var strings = config.strings;
    var map = baseMap(element, config).setView(config.center, config.zoom);
    addZoomButtons(map, strings);
    translatePopups(map, strings);

    // Markers and clusters are buttons for keyboard users; each says what it is.
    map.on("layeradd", function (event) {
      var layer = event.layer;
      var icon = layer.getElement && layer.getElement();
      if (!icon || !layer.getLatLng) return;
      if (layer.getChildCount) {
        icon.setAttribute("aria-label", strings.cluster.replace("%(count)s", String(layer.getChildCount())));
        icon.setAttribute("role", "button");
      } else if (layer.feature) {
        icon.setAttribute("aria-label", layer.feature.properties.title);
      }
    });

    var group = typeof L.markerClusterGroup === "function"
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 })
      : L.featureGroup();
    L.geoJSON(config.places, {
      pointToLayer: function (feature, latlng) {
        return L.marker(latlng, { title: feature.properties.title, alt: feature.properties.title });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(function () {
          return popupContent(feature.properties);
        });
      },
    }).addTo(group);
    group.addTo(map);
    if (config.places.features.length) {
      map.fitBounds(group.getBounds(), { maxZoom: 15, padding: [24, 24] });
    }
  }

  function popupContent(properties) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("a");
    title.href = properties.url;
    title.className = "map-popup__title";
    title.textContent = properties.title;
    var meta = document.createElement("span");
    meta.className = "map-popup__meta";
    meta.textContent = properties.place ? properties.kind + " · " + properties.place : properties.kind;
    box.appendChild(title);
    box.appendChild(meta);
    return box;
  }

  function placePicker() {
    var picker = document.querySelector("[data-place-picker]");
    var element = document.getElementById("place-map");
    var config = readConfig("place-map-data");
    var latitude = document.querySelector("input[name=latitude]");
    var longitude = document.querySelector("input[name=longitude]");
    if (!picker || !element || !config || !latitude || !longitude || typeof L === "undefined") return;
    picker.hidden = false;
    var strings = config.strings;
    var status = picker.querySelector("[data-pin-status]");
    var area = L.latLngBounds(config.bounds);
    var map = baseMap(element, config, { keyboard: false, doubleClickZoom: false });
    addZoomButtons(map, strings);
    element.tabIndex = 0; // the map itself is the keyboard control for the pin
    var marker = null;

    function say(text) {
      status.textContent = text;
    }

    function write(latlng) {
      latitude.value = latlng.lat.toFixed(6);
      longitude.value = latlng.lng.toFixed(6);
      if (!area.contains(latlng)) say(strings.outside);
    }

    function setPin(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        // Not a tab stop of its own: the map moves it by keyboard, a finger or the mouse drags it.
        marker = L.marker(latlng, { draggable: true, keyboard: false, title: strings.pinLabel, alt: strings.pinLabel });
        marker.on("dragend", function () {
          write(marker.getLatLng());
          say(strings.pinMoved);
        });
        marker.addTo(map);
      }
      write(latlng);
    }

    function removePin() {
      if (marker) map.removeLayer(marker);
      marker = null;
      latitude.value = "";
      longitude.value = "";
      say(strings.pinRemoved);
    }

    var lat = parseFloat(latitude.value.replace(",", "."));
    var lon = parseFloat(longitude.value.replace(",", "."));
    if (!isNaN(lat) && !isNaN(lon)) {
      // What was sent comes back, also after an error. A pin outside the area stays set, but the
      // map opens on the area, where a click or "middle of the map" puts it right.
      var sent = L.latLng(lat, lon);
      if (area.contains(sent)) map.setView(sent, Math.max(config.zoom, 15));
      else map.fitBounds(area);
      setPin(sent);
    } else {
      map.setView(config.center, config.zoom);
    }

    map.on("click", function (event) {
      setPin(event.latlng);
      say(strings.pinSet);
    });

    var moves = {
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
    };
    element.addEventListener("keydown", function (event) {
      if (event.target !== element) return; // keys on the zoom buttons or links do their own thing
      var move = moves[event.key];
      if (move) {
        event.preventDefault();
        if (!marker) {
          setPin(map.getCenter());
          say(strings.pinSet);
          return;
        }
        var step = event.shiftKey ? BIG_STEP : STEP;
        var point = map.latLngToContainerPoint(marker.getLatLng()).add([move[0] * step, move[1] * step]);
        var latlng = map.containerPointToLatLng(point);
        setPin(latlng);
        if (!map.getBounds().pad(-0.1).contains(latlng)) map.panTo(latlng);
        say(strings.pinMoved);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        setPin(map.getCenter());
        say(strings.pinSet);
      } else if (event.key === "+" || event.key === "=") {
        event.preventDefault();
        map.zoomIn();
      } else if (event.key === "-") {
        event.preventDefault();
        map.zoomOut();
      }
    });

    picker.querySelector("[data-pin-centre]").addEventListener("click", function () {
      setPin(map.getCenter());
      say(strings.pinSet);
    });
    picker.querySelector("[data-pin-remove]").addEventListener("click", removePin);
  }

  function placeView() {
    var figure = document.querySelector("[data-place-figure]");
    var element = document.getElementById("place-view");
    var config = readConfig("place-view-data");
    if (!figure || !element || !config || typeof L === "undefined") return;
    figure.hidden = false;
    // A picture of the place: nothing to drag, zoom or tab to. The attribution is in the caption.
    var map = baseMap(element, config, {
      dragging: false,
      touchZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      keyboard: false,
      attributionControl: false,
    }).setView(config.point, config.zoom);
    L.marker(config.point, { interactive: false, keyboard: false, alt: "" }).addTo(map);
  }

  document.addEventListener("DOMContentLoaded", function () {
    overviewMap();
    placePicker();
    placeView();
  });
})();
