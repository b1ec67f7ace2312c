// Sortable tables: <table data-sortable> gets a button in each <th scope=col>;
// cells may give a `data-sort` value (numbers sort numerically, empty last).
// Optional `data-sorted-ascending|descending` texts are announced after a sort.
// Without JavaScript the table stays as the server ordered it.
(function () {
  'use strict';
  function key(cell) {
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    if (raw === '') return { empty: true };
    var n = Number(raw);
    return isNaN(n) ? { text: raw.toLowerCase() } : { num: n };
  }
  function compare(a, b) {
    if (a.empty || b.empty) return a.empty && b.empty ? 0 : a.empty ? 1 : -1;
    if (a.num !== undefined && b.num !== undefined) return a.num - b.num;
    return String(a.text !== undefined ? a.text : a.num).localeCompare(String(b.text !== undefined ? b.text : b.num));
  }
  document.querySelectorAll('table[data-sortable]').forEach(function (table) {
    var headers = table.querySelectorAll('thead th');
    // A polite live region says what the table is now sorted by (the `data-sorted-*`
    // texts, with {column} filled in), for screen readers that do not announce aria-sort changes.
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    table.parentNode.insertBefore(status, table.nextSibling);
    headers.forEach(function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute('aria-sort', 'none');
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (h) {
          h.setAttribute('aria-sort', 'none');
        });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var said = table.getAttribute(ascending ? 'data-sorted-ascending' : 'data-sorted-descending');
        if (said) status.textContent = said.replace('{column}', button.textContent.trim());
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var a = key(r1.cells[col]);
          var b = key(r2.cells[col]);
          if (a.empty || b.empty) return compare(a, b);
          return ascending ? compare(a, b) : compare(b, a);
        });
        rows.forEach(function (r) {
          body.appendChild(r);
        });
      });
    });
  });
})();
