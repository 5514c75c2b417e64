// Trainer's check-in page: typing the code always works. With a camera, the phone reads the
// participant's QR code: through the browser's BarcodeDetector where it exists (Chrome on
// Android), otherwise through jsQR (static/vendor/jsqr), which decodes camera frames in the
// page. Either way nothing leaves the phone but the code the form posts.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("id_code");
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  if (!form || !input || !button || !video) return;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  if (!("BarcodeDetector" in window) && typeof window.jsQR !== "function") return;
  button.hidden = false;
  var stream = null;

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
  }

  // A reader returns a promise of the text of a QR code in the current video frame, or "".
  function builtInReader() {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return function () {
      return detector.detect(video).then(function (codes) {
        return codes.length && codes[0].rawValue ? codes[0].rawValue : "";
      });
    };
  }

  function jsqrReader() {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return function () {
      var width = video.videoWidth, height = video.videoHeight;
      if (!width || !height) return Promise.resolve("");
      // Phones film in high resolution; 640 px across is plenty for a code held up to the lens.
      var scale = Math.min(1, 640 / width);
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var frame = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" });
      return Promise.resolve(found && found.data ? found.data : "");
    };
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    var read = "BarcodeDetector" in window ? builtInReader() : jsqrReader();
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      return video.play().then(function () {
        function look() {
          if (!stream) return;
          read().then(function (text) {
            if (text) {
              input.value = text.trim();
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
