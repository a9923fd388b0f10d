/* Techniekkaart maps: the catalogue map (markers from /activiteiten.geojson, kept in step with the list)
   and the small map on an activity page. Tiles come from our own server (/kaart/tegels/, the maps app),
   so the browser never asks another server for anything. When our server has no tile to give it
   answers a blank 1x1 one; then the region's outline, drawn filled, stands in for the map. */
(function () {
  "use strict";
  var REGION_CENTER = [52.52, 6.08];
  var script = document.currentScript;

  // Marker pictures by their hashed static URLs (templates/_map_script.html).
  function useHashedIcons() {
    if (!script || !script.dataset.icon) return;
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: script.dataset.icon,
      iconRetinaUrl: script.dataset.icon2x,
      shadowUrl: script.dataset.shadow,
    });
  }

  var addTiles = window.techniekkaartTiles;  // static/js/tiles.js

  // The few words on the map, translated by the page (templates/_map_script.html); numbers in the page's notation.
  var texts = (script && script.dataset) || {};
  var language = document.documentElement.lang || "nl";

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  function number(value) {
    try {
      return new Intl.NumberFormat(language, { maximumFractionDigits: 1, numberingSystem: "latn" }).format(value);
    } catch (e) {
      return String(value);
    }
  }

  function baseMap(el, options) {
    useHashedIcons();
    var map = L.map(el, Object.assign({ scrollWheelZoom: false, minZoom: 7, maxZoom: 18, zoomControl: false }, options || {}));
    L.control.zoom({
      zoomInTitle: texts.textZoomIn || "+",
      zoomOutTitle: texts.textZoomOut || "-",
    }).addTo(map);
    addTiles(map, el);
    map.attributionControl.setPrefix(false);
    return map;
  }

  // The outline: filled while there is no map under it, a thin line over a real map. The town names
  // it carries are dropped over a real map, which has its own.
  function drawOutline(map, url, fit) {
    if (!url) return Promise.resolve();
    var el = map.getContainer();
    return fetch(url, { credentials: "omit" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function () {
            var tiled = el.classList.contains("has-tiles");
            return { color: "#0b5cad", weight: 2, fillColor: "#dfe9f5", fillOpacity: tiled ? 0.08 : 0.6 };
          },
          filter: function (feature) {
            return feature.geometry.type !== "Point" || !el.classList.contains("has-tiles");
          },
          pointToLayer: function (feature, latlng) {
            var dot = L.circleMarker(latlng, { radius: 3, color: "#5b6578", weight: 1, fillOpacity: 1, interactive: false });
            dot.bindTooltip(feature.properties.name, { permanent: true, direction: "right", className: "map-place-label" });
            return dot;
          },
        }).addTo(map);
        layer.bringToBack();
        map.on("tk:tiles", function () {
          layer.eachLayer(function (part) {
            if (part.feature.geometry.type === "Point") layer.removeLayer(part);
          });
          layer.resetStyle();
        });
        if (fit) map.fitBounds(layer.getBounds());
      })
      .catch(function () { /* the outline is decoration; markers still work */ });
  }

  function popupContent(p) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.title;
    box.appendChild(link);
    if (p.min_age === undefined) return box;
    var info = document.createElement("p");
    var bits = [fill(texts.textAges, { min: number(p.min_age), max: number(p.max_age) })];
    if (p.free) bits.push(texts.textFree);
    if (typeof p.distance_km === "number") bits.push(fill(texts.textKm, { km: number(p.distance_km) }));
    info.textContent = bits.join(" · ");
    box.appendChild(info);
    return box;
  }

  function catalogueMap(el) {
    var map = baseMap(el);
    map.setView(REGION_CENTER, 9);
    drawOutline(map, el.dataset.outline, !el.dataset.center);
    var markers = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
    map.addLayer(markers);
    var loading = null;

    function load(url) {
      if (loading) loading.abort();
      loading = new AbortController();
      el.setAttribute("aria-busy", "true");
      return fetch(url, { credentials: "omit", signal: loading.signal, headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          markers.clearLayers();
          var slugs = [];
          data.features.forEach(function (f) {
            var c = f.geometry.coordinates;
            var m = L.marker([c[1], c[0]], { title: f.properties.title, alt: f.properties.title });
            m.bindPopup(popupContent(f.properties));
            markers.addLayer(m);
            slugs.push(f.properties.slug);
          });
          el.dataset.markerSlugs = slugs.join(" ");
          el.dataset.loadedUrl = url;
          el.removeAttribute("aria-busy");
          if (slugs.length) {
            map.fitBounds(markers.getBounds(), { maxZoom: 12, padding: [20, 20] });
          }
        })
        .catch(function (err) { if (err.name !== "AbortError") el.removeAttribute("aria-busy"); });
    }

    var current = document.getElementById("kaart-data");  // the list may have changed already
    load(current ? current.dataset.geojson : el.dataset.geojson);
    document.body.addEventListener("htmx:afterSettle", function () {
      var data = document.getElementById("kaart-data");
      if (data && data.dataset.geojson !== el.dataset.loadedUrl) load(data.dataset.geojson);
    });
    return map;
  }

  // On a phone the list comes first and the map starts only when asked for ("Kaart"), which saves
  // the phone drawing a few hundred markers nobody looks at. From 960px both show, side by side.
  function startCatalogue(el) {
    var switcher = document.querySelector(".view-switch");
    var wrap = el.closest(".catalogue");
    var map = null;
    function show() {
      withLeaflet(el, function () {
        if (map) map.invalidateSize();
        else map = catalogueMap(el);
      });
    }
    if (!switcher || !wrap || !window.matchMedia) { show(); return; }
    var narrow = window.matchMedia("(max-width: 959px)");
    switcher.hidden = false;
    wrap.dataset.view = "lijst";
    switcher.addEventListener("click", function (e) {
      var button = e.target.closest("[data-view]");
      if (!button) return;
      wrap.dataset.view = button.dataset.view;
      switcher.querySelectorAll("[data-view]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
      if (button.dataset.view === "kaart") show();
    });
    function whenWide() { if (!narrow.matches) show(); }
    if (narrow.addEventListener) narrow.addEventListener("change", whenWide);
    whenWide();
  }

  function detailMap(el) {
    var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    var map = baseMap(el);
    map.setView(point, 11);
    drawOutline(map, el.dataset.outline, false);
    L.marker(point, { title: el.dataset.title, alt: el.dataset.title }).addTo(map);
  }

  function listMap(el) {
    var list = document.getElementById(el.dataset.list);
    var map = baseMap(el);
    map.setView(REGION_CENTER, 9);
    drawOutline(map, el.dataset.outline, false);
    // One marker per spot (two activities at one venue would stack, too small to tap apart);
    // clustered when the page loads the cluster plug-in, so near neighbours do not overlap either.
    var group = L.featureGroup();
    var layer = L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 30, showCoverageOnHover: false }) : group;
    var spots = {};
    list.querySelectorAll("[data-lat]").forEach(function (item) {
      var key = item.dataset.lat + "," + item.dataset.lon;
      (spots[key] = spots[key] || []).push(item);
    });
    Object.keys(spots).forEach(function (key) {
      var items = spots[key];
      var title = items.map(function (i) { return i.dataset.title; }).join(" · ");
      var marker = L.marker([parseFloat(items[0].dataset.lat), parseFloat(items[0].dataset.lon)], { title: title, alt: title });
      var box = document.createElement("div");
      items.forEach(function (i) { box.appendChild(popupContent({ url: i.dataset.url, title: i.dataset.title })); });
      marker.bindPopup(box);
      group.addLayer(marker);
      if (layer !== group) layer.addLayer(marker);
    });
    map.addLayer(layer);
    if (group.getLayers().length) map.fitBounds(group.getBounds(), { maxZoom: 12, padding: [20, 20] });
  }

  // A page may name Leaflet's scripts on its map (data-leaflet) instead of loading them up front:
  // they are fetched only when the map is needed, so a phone's first screen does not wait for them
  // (the list shows its map on a phone only after "Kaart"; the quiz result's map is far down).
  function loadScripts(urls, done) {
    if (!urls.length) return done();
    var tag = document.createElement("script");
    tag.src = urls[0];
    tag.onload = function () { loadScripts(urls.slice(1), done); };
    document.head.appendChild(tag);
  }

  var waiting = null;
  function withLeaflet(el, then) {
    if (typeof L !== "undefined") return then();
    if (!el.dataset.leaflet) return;  // no Leaflet on this page: the list alone is the page
    if (waiting) { waiting.push(then); return; }
    waiting = [then];
    loadScripts(el.dataset.leaflet.split(" "), function () {
      var ready = waiting;
      waiting = null;
      ready.forEach(function (f) { f(); });
    });
  }

  function whenNear(el, then) {
    if (!("IntersectionObserver" in window)) return then();
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); then(); }
    }, { rootMargin: "400px" });
    seen.observe(el);
  }

  function start() {
    var catalogue = document.getElementById("kaart");
    if (catalogue) startCatalogue(catalogue);  // fetches Leaflet when it first shows the map
    var detail = document.getElementById("detail-kaart");
    if (detail) withLeaflet(detail, function () { detailMap(detail); });
    var result = document.getElementById("uitslag-kaart");
    if (result) whenNear(result, function () { withLeaflet(result, function () { listMap(result); }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
