// Before printing, open every <details> (the question drill-down) so the
// printout holds all of it; close those that were closed afterwards.
(function () {
  'use strict';
  var opened = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details:not([open])').forEach(function (d) {
      d.setAttribute('open', '');
      opened.push(d);
    });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) {
      d.removeAttribute('open');
    });
    opened = [];
  });
})();
