/* The widget (/api/v1/widget/) inside another site's iframe: tells the host page how tall its content is,
   on load and whenever that changes, so the host's widget-host.js can size the iframe (no inner scroll
   bar, no empty space). Sent to any origin ("*"): the host is not known in advance, and the message holds
   nothing but a height. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var sent = -1;

  function send() {
    // The <html> box is as tall as the content (unlike scrollHeight, never less than the frame).
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({ type: "techniekkaart-hoogte", height: height }, "*");
  }

  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  if ("ResizeObserver" in window) new ResizeObserver(send).observe(document.documentElement);
  send();
})();
