/* The "Put the map on your site" page: copies the <iframe> code (the clipboard where the browser
   allows it, else the code is selected for the person to copy). */
(function () {
  "use strict";
  var button = document.getElementById("embed-copy");
  var code = document.getElementById("embed-snippet");
  var status = document.getElementById("embed-copy-status");
  if (!button || !code) { return; }
  button.addEventListener("click", function () {
    code.focus();
    code.select();
    var done = function () { status.textContent = button.dataset.copied; };
    var failed = function () { status.textContent = button.dataset.failed; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.value).then(done, function () {
        try { if (document.execCommand("copy")) { done(); return; } } catch (e) { /* fall through */ }
        failed();
      });
      return;
    }
    try { if (document.execCommand("copy")) { done(); return; } } catch (e) { /* fall through */ }
    failed();
  });
})();
