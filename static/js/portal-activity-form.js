// The provider's activity form, made lighter: only the fields the earlier choices need, one more date
// row on request, and a live preview of the public card. Without this file the form shows every
// field with a note saying when it is needed, and the preview shows the card as last saved.
(function () {
  "use strict";
  var form = document.getElementById("activiteit-formulier");
  if (!form) return;
  form.classList.add("js-form");

  // The value of a choice (radio buttons or a select) by name, within `scope`.
  function valueOf(scope, name) {
    var controls = scope.querySelectorAll("[name='" + name + "'], [name$='-" + name + "']");
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if (c.type === "radio") { if (c.checked) return c.value; }
      else return c.value;
    }
    return "";
  }

  function filled(block) {
    var inputs = block.querySelectorAll("input[type=date], input[type=time], input[type=text]");
    for (var i = 0; i < inputs.length; i++) if (inputs[i].value) return true;
    return false;
  }

  // data-show-if="name:value,value": shown only while that choice has one of those values.
  // A date row's own "frequency" is looked up inside the row.
  function update() {
    var blocks = form.querySelectorAll("[data-show-if]");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var rule = block.getAttribute("data-show-if").split(":");
      var scope = block.closest(".schedule-row") || form;
      var show = rule[1].split(",").indexOf(valueOf(scope, rule[0])) !== -1;
      if (!show && block.hasAttribute("data-keep-if-filled") && filled(block)) show = true;
      block.hidden = !show;
    }
  }

  // "Nog een datum": a copy of the last row, emptied, with the next number.
  var add = document.getElementById("nog-een-datum");
  var total = form.querySelector("[name='data-TOTAL_FORMS']");
  var max = form.querySelector("[name='data-MAX_NUM_FORMS']");
  if (add && total) {
    add.parentNode.hidden = false;
    add.addEventListener("click", function () {
      var rows = form.querySelectorAll(".schedule-row");
      var n = parseInt(total.value, 10);
      if (!rows.length || n >= parseInt(max ? max.value : "20", 10)) return;
      var copy = rows[rows.length - 1].cloneNode(true);
      var pattern = /data-\d+-/g;
      copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(pattern, "data-" + n + "-"));
        });
      });
      copy.querySelectorAll("input").forEach(function (el) {
        if (el.type === "checkbox") el.checked = false; else el.value = "";
      });
      copy.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
      copy.querySelectorAll(".error, .notice").forEach(function (el) { el.remove(); });
      copy.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
      var remove = copy.querySelector("[name$='-DELETE']");
      if (remove) remove.closest(".field").remove();
      var title = copy.querySelector(".row-title");
      if (title) title.textContent = title.textContent.replace(/\d+/, String(n + 1));
      rows[rows.length - 1].after(copy);
      total.value = String(n + 1);
      update();
      var first = copy.querySelector("select, input");
      if (first) first.focus();
    });
  }

  // The live preview: the server renders the public card for what the form holds (nothing is saved).
  var target = document.getElementById("kaartvoorbeeld");
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var asked = 0;
  function refresh() {
    var data = new FormData(form);
    data.delete("image");
    var mine = ++asked;
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && mine === asked) target.innerHTML = html;  // escaped by the server's template
      })
      .catch(function () { /* the preview is a help, not a must */ });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }

  form.addEventListener("change", function () { update(); later(); });
  form.addEventListener("input", later);
  update();
})();
