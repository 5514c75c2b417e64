// Trainer's check-in page: typing the code always works; where the browser has the
// BarcodeDetector API (Chrome on Android), the camera reads the participant's QR code.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("id_code");
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  if (!form || !input || !button || !video) return;
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  button.hidden = false;
  var stream = null;

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      return video.play().then(function () {
        function look() {
          if (!stream) return;
          detector.detect(video).then(function (codes) {
            if (codes.length && codes[0].rawValue) {
              input.value = codes[0].rawValue.trim();
              stop();
              form.submit();
            } else {
              window.setTimeout(look, 250);
            }
          }).catch(function () { window.setTimeout(look, 500); });
        }
        look();
      });
    }).catch(function () {
      stop();
      button.hidden = true;  // no camera or permission refused: the typed code still works
      input.focus();
    });
  });
})();
