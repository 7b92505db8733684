// Search for the briefing's search page. It reads the index that
// search/index.js sets (window.BRIEFING_SEARCH: every article's title, URL,
// date, snippet, participants and topics) and shows the articles that
// match every word of the query, best first. It builds the results with
// DOM methods and textContent only: the index holds text from articles.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var index = window.BRIEFING_SEARCH;
  if (!form || !input || !status || !results) {
    return;
  }
  if (!index || !index.a) {
    status.textContent = "The search index could not be loaded.";
    return;
  }
  var shown = 50;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Each article's text, folded once, field by field: title, participants,
  // topics, snippet. A word found in an earlier field weighs more.
  var docs = index.a.map(function (a) {
    return [fold(a.t), fold((a.p || []).join(" ")), fold((a.c || []).join(" ")), fold(a.s || "")];
  });
  var weights = [8, 4, 2, 1];

  function words(q) {
    return fold(q).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  function score(doc, ws) {
    var total = 0;
    for (var i = 0; i < ws.length; i++) {
      var best = 0;
      for (var f = 0; f < doc.length; f++) {
        var at = doc[f].indexOf(ws[i]);
        if (at >= 0) {
          var start = at === 0 || !/[\p{L}\p{N}]/u.test(doc[f].charAt(at - 1));
          best = Math.max(best, weights[f] * (start ? 2 : 1));
        }
      }
      if (best === 0) {
        return 0;
      }
      total += best;
    }
    return total;
  }

  function item(a) {
    var li = document.createElement("li");
    li.className = "item";
    var h = document.createElement("h2");
    h.className = "item-title";
    var link = document.createElement("a");
    link.href = a.u;
    link.textContent = a.t;
    h.appendChild(link);
    li.appendChild(h);
    if (a.d) {
      var meta = document.createElement("p");
      meta.className = "meta";
      var time = document.createElement("time");
      time.dateTime = a.d;
      time.textContent = a.d;
      meta.appendChild(time);
      li.appendChild(meta);
    }
    if (a.s) {
      var p = document.createElement("p");
      p.textContent = a.s;
      li.appendChild(p);
    }
    if (a.p && a.p.length) {
      var who = document.createElement("p");
      who.className = "muted";
      who.textContent = "With " + a.p.join(", ");
      li.appendChild(who);
    }
    return li;
  }

  function run(q) {
    var ws = words(q);
    results.textContent = "";
    if (ws.length === 0) {
      status.textContent = "";
      return;
    }
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(docs[i], ws);
      if (s > 0) {
        hits.push([s, i]);
      }
    }
    // Best first; among equals, the site's order (newest first).
    hits.sort(function (x, y) { return y[0] - x[0] || x[1] - y[1]; });
    if (hits.length > 0) {
      var list = document.createElement("ol");
      list.className = "items";
      hits.slice(0, shown).forEach(function (h) { list.appendChild(item(index.a[h[1]])); });
      results.appendChild(list);
    }
    var n = hits.length;
    status.textContent = n === 0 ? "No article matches \u201c" + q + "\u201d." :
      (n === 1 ? "1 article matches" : n + " articles match") + " \u201c" + q + "\u201d" +
      (n > shown ? "; the first " + shown + " are shown." : ".");
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  run(initial);
  input.addEventListener("input", function () { run(input.value); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
})();
