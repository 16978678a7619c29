// The audit page's behaviour: fact details on hover and focus, a check's evidence marked on
// click, fact kinds shown or hidden. Every text it writes goes through textContent, never HTML.
(function () {
  "use strict";
  var words = JSON.parse(document.getElementById("page-words").textContent);
  var tip = document.getElementById("fact-tip");
  var status = document.getElementById("evidence-status");
  var buttons = Array.prototype.slice.call(document.querySelectorAll(".check-select"));
  var tipFor = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function placeTip(fact) {
    var box = fact.getBoundingClientRect();
    var page = document.documentElement;
    var left = Math.min(box.left, page.clientWidth - tip.offsetWidth - 8);
    tip.style.left = window.scrollX + Math.max(8, left) + "px";
    tip.style.top = window.scrollY + box.bottom + 6 + "px";
  }

  function showTip(fact) {
    var cell = fact.closest("[data-key]");
    var rows = [
      [words.kind_label, fact.dataset.kind],
      [words.value, fact.dataset.value],
      [words.unit, fact.dataset.unit],
      [words.approx_label, fact.dataset.approx],
      [words.subject, fact.dataset.subject],
      [words.used_by, fact.dataset.checks],
      [words.cell_key, cell ? cell.dataset.key : ""]
    ];
    var heading = document.createElement("p");
    var list = document.createElement("dl");
    heading.className = "tip-heading";
    heading.textContent = fact.dataset.fact + " · " + fact.textContent;
    rows.forEach(function (row) {
      if (!row[1]) {
        return;
      }
      var term = document.createElement("dt");
      var detail = document.createElement("dd");
      term.textContent = row[0];
      detail.textContent = row[1];
      list.appendChild(term);
      list.appendChild(detail);
    });
    tip.replaceChildren(heading, list);
    tip.hidden = false;
    placeTip(fact);
    tipFor = fact;
  }

  function hideTip() {
    tip.hidden = true;
    tipFor = null;
  }

  function factOf(node) {
    return node && node.closest ? node.closest(".fact") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var fact = factOf(event.target);
    if (fact) {
      showTip(fact);
    } else if (tipFor && tipFor !== document.activeElement) {
      hideTip();
    }
  });
  document.addEventListener("focusin", function (event) {
    var fact = factOf(event.target);
    if (fact) {
      showTip(fact);
    } else {
      hideTip();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hideTip();
    }
  });
  window.addEventListener("resize", function () {
    if (tipFor) {
      placeTip(tipFor);
    }
  });

  function clearEvidence() {
    document.querySelectorAll(".marked").forEach(function (node) {
      node.classList.remove("marked");
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", "false");
      button.closest(".check").classList.remove("selected");
    });
    delete document.body.dataset.selected;
    status.textContent = "";
  }

  function selectCheck(button) {
    var id = button.dataset.check;
    clearEvidence();
    var marked = document.querySelectorAll('[data-ev~="' + CSS.escape(id) + '"]');
    marked.forEach(function (node) {
      node.classList.add("marked");
    });
    button.setAttribute("aria-pressed", "true");
    button.closest(".check").classList.add("selected");
    document.body.dataset.selected = button.dataset.status;
    if (marked.length) {
      status.textContent = fill(words.evidence_marked, { id: id, n: button.dataset.spans });
      marked[0].scrollIntoView({ block: "center" });
    } else {
      status.textContent = fill(words.evidence_none, { id: id });
    }
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") {
        clearEvidence();
      } else {
        selectCheck(button);
      }
    });
  });

  document.querySelectorAll("[data-kind-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.kindToggle, !box.checked);
    });
  });

  var wanted = /^#check-(.+)$/.exec(window.location.hash);
  if (wanted) {
    buttons.forEach(function (button) {
      if (button.dataset.check === decodeURIComponent(wanted[1])) {
        selectCheck(button);
      }
    });
  }
})();
