/* STO region maps: one coloured dot per municipality (its main town), labelled with the municipality's
   name, on the region outline. Data comes from the list on the page ([data-lat] items), so the map adds
   nothing the list does not say. Tiles come from our own server (/kaart/tegels/, as in map.js); a blank
   1x1 tile means it has none, and the filled outline stands in. Never asks another server for anything. */
(function () {
  "use strict";
  var COLOURS = ["#0b5cad", "#b03a2e", "#1e8449", "#7d3c98", "#b9770e", "#117a65", "#5d6d7e", "#c2185b"];

  function outline(map, url) {
    if (!url) return;
    var el = map.getContainer();
    fetch(url, { credentials: "omit" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var shape = L.geoJSON(data, {
          filter: function (f) { return f.geometry.type !== "Point"; },
          style: function () {
            var tiled = el.classList.contains("has-tiles");
            return { color: "#0b5cad", weight: 2, fillColor: "#dfe9f5", fillOpacity: tiled ? 0.08 : 0.6 };
          },
          interactive: false,
        }).addTo(map);
        shape.bringToBack();
        map.on("tk:tiles", function () { shape.resetStyle(); });
      })
      .catch(function () { /* decoration only */ });
  }

  var tiles = window.techniekkaartTiles;  // static/js/tiles.js

  function popup(item) {
    var link = document.createElement("a");
    link.href = item.dataset.url;
    link.textContent = item.dataset.link || item.dataset.title;
    return link;
  }

  function regionMap(el) {
    var map = L.map(el, { scrollWheelZoom: false, minZoom: 7, maxZoom: 14 });
    map.attributionControl.setPrefix(false);
    tiles(map, el);
    map.setView([52.52, 6.08], 9);
    outline(map, el.dataset.outline);
    var group = L.featureGroup().addTo(map);
    document.querySelectorAll("#" + el.dataset.list + " [data-lat]").forEach(function (item) {
      var colour = COLOURS[parseInt(item.dataset.colour || "0", 10) % COLOURS.length];
      var dot = L.circleMarker([parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)], {
        radius: 9, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1,
      });
      dot.bindTooltip(item.dataset.title, { permanent: true, direction: "right", className: "map-place-label" });
      if (item.dataset.url) dot.bindPopup(popup(item));
      group.addLayer(dot);
    });
    if (group.getLayers().length) map.fitBounds(group.getBounds(), { maxZoom: 9, paddingTopLeft: [20, 20], paddingBottomRight: [100, 20] });
    el.dataset.dots = String(group.getLayers().length);
  }

  function start() {
    if (typeof L === "undefined") return;
    var el = document.getElementById("regio-kaart");
    if (el) regionMap(el);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
