// Behaviour shared by every page, kept out of the HTML so the Content-Security-Policy allows no
// inline script: the language menu switches as soon as a language is chosen.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("language-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
});
