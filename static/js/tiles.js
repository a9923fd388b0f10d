/* Our tile endpoint (/kaart/tegels/, the maps app) on a Leaflet map, only inside the region's box and
   zoom range (the server refuses the rest). The first real tile (wider than the 1x1 blank) marks the
   map "has-tiles" and fires "tk:tiles", so the outline can step back. Used by map.js and regions.js. */
window.techniekkaartTiles = function (map, el) {
  "use strict";
  if (!el.dataset.tiles) return;
  var zooms = (el.dataset.tileZooms || "7,16").split(",").map(Number);
  var options = { minZoom: zooms[0], maxNativeZoom: zooms[1], maxZoom: 18, attribution: el.dataset.attribution || "" };
  var box = (el.dataset.tileBounds || "").split(",").map(Number);
  if (box.length === 4 && box.every(isFinite)) options.bounds = [[box[0], box[1]], [box[2], box[3]]];
  L.tileLayer(el.dataset.tiles, options).on("tileload", function (e) {
    if (e.tile.naturalWidth > 1 && !el.classList.contains("has-tiles")) {
      el.classList.add("has-tiles");
      map.fire("tk:tiles");
    }
  }).addTo(map);
};
