/* Quiz helpers, all optional: the quiz works without them.
   - "Lees voor": reads the question and its answers aloud with the browser's own Dutch voice, only on a tap;
     on the result page (data-read) the elements it names: the character, why, and the first three activities.
   - "Kies er drie": a fourth tick is undone with a friendly message on the same question (the server refuses too).
   - "Gebruik mijn locatie": asks the browser for the location only on a tap; the page sends it once and
     the server keeps only the nearest place name.
   - "Print" on the take-home card. Nothing is stored in the browser. */
(function () {
  "use strict";

  function dutchVoice() {
    var voices = window.speechSynthesis.getVoices();
    return voices.find(function (v) { return /^nl/i.test(v.lang); }) || null;
  }

  function textsFor(button) {
    if (button.dataset.read) {
      return Array.prototype.map.call(document.querySelectorAll(button.dataset.read), function (el) {
        return el.textContent.replace(/\s+/g, " ").trim();
      });
    }
    var fieldset = button.closest("fieldset");
    var parts = [fieldset.querySelector(".question-text").textContent];
    fieldset.querySelectorAll(".answer-text").forEach(function (el, i) {
      parts.push((i + 1) + ": " + el.textContent);
    });
    return parts;
  }

  function readAloud(button) {
    var parts = textsFor(button);
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
  document.querySelectorAll(".answers-kies-drie").forEach(function (answers) {
    var message = answers.parentNode.querySelector(".choice-limit");
    answers.addEventListener("change", function (event) {
      var ticked = answers.querySelectorAll("input:checked").length;
      if (ticked > 3 && event.target.checked) {
        event.target.checked = false;
        message.textContent = "Je mag er maar drie kiezen. Haal eerst een vinkje weg.";
      } else if (ticked <= 3) {
        message.textContent = "";
      }
    });
  });
  document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
