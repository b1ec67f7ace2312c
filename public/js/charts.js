// Draws every <canvas data-chart="ID">: its Chart.js configuration is the JSON
// in <script type="application/json" id="ID"> (no inline scripts: CSP).
/* global Chart */
(function () {
  'use strict';
  if (typeof Chart === 'undefined') return;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.animation = false;
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source) return;
    var config = JSON.parse(source.textContent || '{}');
    new Chart(canvas, config);
    canvas.setAttribute('data-painted', 'true');
  });
})();
