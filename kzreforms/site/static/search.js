/* Search over claims and resources: the index is built with the site
   (search-index.json); this filters it in the browser as one types. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list || !status) { return; }
  var LIMIT = 50;
  var records = [];
  var timer = null;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }
  function fromIndex(data) {
    var out = [];
    data.claims.forEach(function (c) {
      var facts = ["Claim", c.subject].concat(c.areas, c.status ? [c.status] : []);
      out.push({ claim: c, facts: facts.filter(Boolean).join(" · "),
        hay: fold([c.quote, c.label, c.subject, c.status].concat(c.areas).join(" \n ")) });
    });
    data.resources.forEach(function (r) {
      var names = r.names.map(function (n) { return n.text; });
      out.push({ resource: r, facts: r.kinds.join(" · "),
        hay: fold([r.label].concat(names, r.kinds).join(" \n ")) });
    });
    return out;
  }
  function render(rec) {
    var li = el("li", "search-hit");
    if (rec.claim) {
      var c = rec.claim;
      li.appendChild(link(c.href, c.label));
      li.appendChild(el("p", "note", rec.facts));
      if (c.quote) { li.appendChild(el("q", "quote", c.quote)); }
      if (c.statement) {
        var p = el("p", "search-links");
        p.appendChild(link(c.statement, "In the statement"));
        li.appendChild(p);
      }
    } else {
      var r = rec.resource;
      li.appendChild(link(r.href, r.label));
      var others = r.names.filter(function (n) { return n.text !== r.label; })
        .map(function (n) { return n.lang ? n.text + " (" + n.lang + ")" : n.text; });
      li.appendChild(el("p", "note", [rec.facts].concat(others).filter(Boolean).join(" · ")));
    }
    return li;
  }
  function run() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = "Type a word to search " + records.length + " entries."; return; }
    var hits = records.filter(function (rec) {
      return words.every(function (w) { return rec.hay.indexOf(w) !== -1; });
    });
    hits.slice(0, LIMIT).forEach(function (rec) { list.appendChild(render(rec)); });
    var shown = hits.length > LIMIT ? " (the first " + LIMIT + " shown)" : "";
    status.textContent = hits.length === 1 ? "1 result" + shown :
      hits.length + " results" + shown;
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(run, 80);
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", later);
  status.textContent = "Loading the index…";
  fetch(form.getAttribute("data-index")).then(function (response) {
    if (!response.ok) { throw new Error(response.status); }
    return response.json();
  }).then(function (data) {
    records = fromIndex(data);
    var q = new URLSearchParams(location.search).get("q");
    if (q && !input.value) { input.value = q; }
    run();
  }, function () {
    status.textContent = "The search index could not be loaded; browse the claims index or the resources instead.";
  });
})();
