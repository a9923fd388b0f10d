/* Quiz helpers, all optional: the quiz works without them.
   - "Lees voor": reads the question and its answers aloud with the browser's own Dutch voice, only on a tap.
   - "Gebruik mijn locatie": asks the browser for the location only on a tap; the page sends it once and
     the server keeps only the nearest place name.
   - "Print" on the take-home card. Nothing is stored in the browser. */
(function () {
  "use strict";

  function dutchVoice() {
    var voices = window.speechSynthesis.getVoices();
    return voices.find(function (v) { return /^nl/i.test(v.lang); }) || null;
  }

  function readAloud(button) {
    var fieldset = button.closest("fieldset");
    var parts = [fieldset.querySelector(".question-text").textContent];
    fieldset.querySelectorAll(".answer-text").forEach(function (el, i) {
      parts.push((i + 1) + ": " + el.textContent);
    });
    window.speechSynthesis.cancel();
    var utterance = new SpeechSynthesisUtterance(parts.join(". "));
    utterance.lang = "nl-NL";
    utterance.rate = 0.9;
    var voice = dutchVoice();
    if (voice) utterance.voice = voice;
    window.speechSynthesis.speak(utterance);
  }

  function useLocation(button) {
    var status = document.querySelector(".location-status");
    status.textContent = "Even zoeken waar je bent…";
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        document.getElementById("id_lat").value = pos.coords.latitude.toFixed(3);
        document.getElementById("id_lon").value = pos.coords.longitude.toFixed(3);
        document.getElementById("id_plaats").value = "";
        status.textContent = "Gevonden! Klik op ‘Laat mijn uitslag zien’.";
      },
      function () { status.textContent = "Dat lukte niet. Typ je plaats maar."; },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  }

  document.querySelectorAll(".read-aloud").forEach(function (button) {
    if (!("speechSynthesis" in window)) return;
    button.hidden = false;
    button.addEventListener("click", function () { readAloud(button); });
  });
  document.querySelectorAll(".use-location").forEach(function (button) {
    if (!("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () { useLocation(button); });
  });
  document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
