// The index's behaviour: sort the documents by any column. Numbers sort largest first on the
// first click (the documents with most failing checks come to the top); a second click reverses.
// A document that could not be processed has no counts and always sorts after the others.
(function () {
  "use strict";
  var table = document.querySelector("table.documents");
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function keyOf(row, column, numeric) {
    if (row.cells.length !== headers.length && column !== 0) {
      return null;
    }
    var value = row.cells[column].dataset.sort;
    if (!numeric) {
      return value;
    }
    return value === "" ? null : Number(value);
  }

  function compare(left, right, numeric) {
    if (numeric) {
      return left - right;
    }
    return left.localeCompare(right, document.documentElement.lang);
  }

  headers.forEach(function (header, column) {
    var button = header.querySelector("button");
    button.addEventListener("click", function () {
      var numeric = button.dataset.sort === "number";
      var first = numeric ? "descending" : "ascending";
      var current = header.getAttribute("aria-sort");
      var order = current === first ? (first === "ascending" ? "descending" : "ascending") : first;
      var sign = order === "ascending" ? 1 : -1;
      var rows = Array.prototype.slice.call(body.rows);
      var position = new Map(rows.map(function (row, index) { return [row, index]; }));
      rows.sort(function (a, b) {
        var left = keyOf(a, column, numeric);
        var right = keyOf(b, column, numeric);
        if (left === null || right === null) {
          return (left === null) - (right === null) || position.get(a) - position.get(b);
        }
        return sign * compare(left, right, numeric) || position.get(a) - position.get(b);
      });
      rows.forEach(function (row) {
        body.appendChild(row);
      });
      headers.forEach(function (other) {
        other.setAttribute("aria-sort", other === header ? order : "none");
      });
    });
  });
})();
