/* On a site that shows the Techniekkaart widget: makes the widget's iframe as tall as its content.
   Loaded from the Techniekkaart's own address (the snippet of /api/v1/widget/maken/), it takes a
   message only from that origin and only from one of this page's iframes, and only a height, kept
   between MIN and MAX pixels. */
(function () {
  "use strict";
  var MIN = 200;
  var MAX = 4000;
  var script = document.currentScript;
  if (!script || !window.URL || window.techniekkaartWidgetHost) return;
  window.techniekkaartWidgetHost = true; // the snippet pasted twice listens once
  var origin = new URL(script.src, window.location.href).origin;

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "techniekkaart-hoogte") return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.round(Math.min(MAX, Math.max(MIN, height))) + "px";
        return;
      }
    }
  });
})();
