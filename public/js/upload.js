// Upload progress for large files: send the form with XMLHttpRequest, show a
// <progress> bar, then show the server's page (preview or refusal) as returned.
(function () {
  var form = document.getElementById('upload-form');
  var bar = document.getElementById('upload-progress');
  if (!form || !bar || !window.FormData || !window.XMLHttpRequest) return;
  form.addEventListener('submit', function (event) {
    var input = form.querySelector('input[type=file]');
    if (!input || !input.files || !input.files[0] || input.files[0].size < 1024 * 1024) return; // small: plain submit
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    bar.hidden = false;
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener('load', function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.send(new FormData(form));
  });
})();
