// The impact report's "Afdrukken of bewaren als PDF" button: the browser's own print dialog.
document.querySelectorAll(".report-print").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
