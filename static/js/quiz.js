/* Quiz helpers, all optional: the quiz works without them. Every text they show comes translated from the
   page (data-* attributes set with {% translate %}), so there is no catalogue in here.
   - "Lees voor": reads the question and its answers aloud, only on a tap, with a voice for the page's language
     (<html lang>); on the result page (data-read) the elements it names: the character, why, and the first
     three activities. A device without a voice for that language says so beside the button (data-no-voice)
     instead of reading in another language's voice.
   - "Kies er drie": a fourth tick is undone with a friendly message on the same question (the server refuses too).
   - "Gebruik mijn locatie": asks the browser for the location only on a tap; the page sends it once and
     the server keeps only the nearest place name.
   - "Print" on the take-home card. Nothing is stored in the browser. */
(function () {
  "use strict";

  function pageLanguage() {
    return (document.documentElement.lang || "nl").toLowerCase().replace("_", "-");
  }

  function tag(voice) {
    return (voice.lang || "").toLowerCase().replace("_", "-");
  }

  // The voice for the page's language: the same tag ("nl-nl"), else the language's own country ("pl" -> "pl-pl"),
  // else any voice of that language ("ar" -> "ar-sa"). None: this device cannot read this language.
  function voiceFor(language) {
    var voices = window.speechSynthesis.getVoices();
    var base = language.split("-")[0];
    var same = voices.filter(function (v) { return tag(v).split("-")[0] === base; });
    return same.find(function (v) { return tag(v) === language; }) ||
      same.find(function (v) { return tag(v) === base + "-" + base; }) ||
      same.find(function (v) { return v.localService; }) ||
      same[0] || null;
  }

  // Some browsers fill the list of voices a moment after the page loads (voiceschanged).
  function withVoices(then) {
    var synth = window.speechSynthesis;
    if (synth.getVoices().length) return then();
    var done = false;
    function go() {
      if (done) return;
      done = true;
      if (synth.removeEventListener) synth.removeEventListener("voiceschanged", go);
      then();
    }
    if (synth.addEventListener) synth.addEventListener("voiceschanged", go);
    else synth.onvoiceschanged = go;
    window.setTimeout(go, 1500);
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

  function statusFor(button) {
    var next = button.nextElementSibling;
    return next && next.classList.contains("read-aloud-status") ? next : null;
  }

  function readAloud(button) {
    var parts = textsFor(button);
    var status = statusFor(button);
    window.speechSynthesis.cancel();
    withVoices(function () {
      var voice = voiceFor(pageLanguage());
      if (!voice) {
        if (status) status.textContent = button.dataset.noVoice || "";
        return;
      }
      if (status) status.textContent = "";
      var utterance = new SpeechSynthesisUtterance(parts.join(". "));
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    });
  }

  function useLocation(button) {
    var status = document.querySelector(".location-status");
    status.textContent = button.dataset.searching || "";
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        document.getElementById("id_lat").value = pos.coords.latitude.toFixed(3);
        document.getElementById("id_lon").value = pos.coords.longitude.toFixed(3);
        document.getElementById("id_plaats").value = "";
        status.textContent = button.dataset.found || "";
      },
      function () { status.textContent = button.dataset.failed || ""; },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  }

  if ("speechSynthesis" in window) window.speechSynthesis.getVoices();  // starts loading them
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
        message.textContent = message.dataset.message || "";
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
