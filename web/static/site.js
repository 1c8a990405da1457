// The glossary site's behaviour: search as you type, the "/" shortcut, tone colours, copy
// buttons and the suggestion form. No inline script anywhere (the CSP forbids it); pages
// work without this file, it only makes them quicker to use.
"use strict";

(function () {
  var TONES_KEY = "glossary-tones";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function readSetting(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function writeSetting(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  // -- tone colours -------------------------------------------------------------------------
  function setupTones() {
    var button = document.querySelector(".tone-toggle");
    var on = readSetting(TONES_KEY) === "on";
    document.documentElement.classList.toggle("tones", on);
    if (!button) return;
    button.hidden = false;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.addEventListener("click", function () {
      on = !on;
      document.documentElement.classList.toggle("tones", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      writeSetting(TONES_KEY, on ? "on" : "off");
    });
  }

  // -- "/" focuses the search box -----------------------------------------------------------
  function isTyping(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function setupShortcut() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      var box = document.querySelector(".search-input");
      if (!box) return;
      event.preventDefault();
      box.focus();
      box.select();
    });
  }

  // -- copy buttons -------------------------------------------------------------------------
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = el("textarea", { "class": "visually-hidden", "aria-hidden": "true" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function setupCopyButtons() {
    document.querySelectorAll("button.copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(button.getAttribute("data-copy") || "").then(function () {
          button.textContent = "Copied";
        }, function () {
          button.textContent = "Copy failed";
        });
        window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
      });
    });
  }

  // -- search as you type -------------------------------------------------------------------
  function pinyinOf(zh) {
    return el("span", { "class": "pinyin", lang: "zh-Latn-pinyin", text: zh.pinyin || "" });
  }

  function preferredRendering(entry) {
    var statuses = ["preferred", "admitted"];
    for (var s = 0; s < statuses.length; s++) {
      for (var i = 0; i < entry.en.length; i++) {
        if (entry.en[i].status === statuses[s]) return entry.en[i];
      }
    }
    return null;
  }

  function preferredTerm(entry) {
    var rendering = preferredRendering(entry);
    return rendering ? rendering.term : "";
  }

  // English text with every Chinese run in a span with its language (else it is drawn with
  // Japanese glyphs); the server's han_runs does the same with zh-Hant where it applies.
  var HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u00b7]*/g;
  function prose(text) {
    var span = el("span", {});
    var cursor = 0;
    text.replace(HAN_RUN, function (run, offset) {
      if (offset > cursor) span.appendChild(document.createTextNode(text.slice(cursor, offset)));
      span.appendChild(el("span", { lang: "zh", text: run }));
      cursor = offset + run.length;
      return run;
    });
    if (cursor < text.length) span.appendChild(document.createTextNode(text.slice(cursor)));
    return span;
  }

  var MATCH_FIELDS = { en: "English", pinyin: "pinyin", initials: "initials", definition: "definition", zhuyin: "zhuyin" };

  function badge(status) {
    return el("span", { "class": "badge status-" + status, text: status });
  }

  function resultItem(entry, termUrl, domainNames) {
    var first = entry.zh[0] || { term: entry.id };
    var zhParts = [el("span", { "class": "zh", lang: "zh-Hans", text: first.term })];
    if (first.tw && first.tw !== first.term) {
      zhParts.push(" ");
      zhParts.push(el("span", { "class": "result-trad", lang: "zh-Hant", text: first.tw }));
    }
    var link = el("a", { "class": "result-link", href: termUrl.replace("__id__", encodeURIComponent(entry.id)) }, [
      el("span", { "class": "result-zh" }, zhParts),
      pinyinOf(first)
    ]);
    var rendering = preferredRendering(entry);
    if (rendering) {
      link.appendChild(el("span", { "class": "result-en", text: rendering.term }));
      link.appendChild(document.createTextNode(" "));
      if (entry.layer === "general") {
        link.appendChild(el("span", {
          "class": "badge layer-general",
          title: "General dictionary layer: CC-CEDICT, not reviewed by the glossary's editors",
          text: "CC-CEDICT"
        }));
      } else {
        link.appendChild(badge(rendering.status));
      }
    }
    var meta = el("span", { "class": "result-meta" });
    (entry.domains || []).forEach(function (domain) {
      meta.appendChild(el("span", { "class": "domain", text: domainNames[domain] || domain }));
    });
    var match = entry.match || {};
    var avoidedMatch = match.status === "deprecated" || match.status === "superseded";
    if (match.reason) {
      var note = el("span", { "class": "match-note match-forgiving", "data-match": match.kind }, [
        "did you mean \u201c", prose(match.form), "\u201d? (" + match.reason + ")"
      ]);
      if (avoidedMatch) {
        note.appendChild(document.createTextNode(": "));
        note.appendChild(badge(match.status));
        note.appendChild(document.createTextNode(", use \u201c" + preferredTerm(entry) + "\u201d"));
      }
      meta.appendChild(note);
    } else if (avoidedMatch) {
      meta.appendChild(el("span", { "class": "match-note" }, [
        "\u201c" + match.form + "\u201d is ",
        badge(match.status),
        "; use \u201c" + preferredTerm(entry) + "\u201d"
      ]));
    } else if (match.field && ["zh", "tw", "hk"].indexOf(match.field) < 0 && match.form) {
      var field = MATCH_FIELDS[match.field] || match.field;
      meta.appendChild(el("span", { "class": "match-note" }, ["matched " + field + ": ", prose(match.form)]));
    }
    var avoided = entry.layer === "general" ? [] : entry.en.filter(function (en) {
      return en.status === "deprecated" || en.status === "superseded";
    });
    if (avoided.length) {
      var avoid = el("span", { "class": "avoid" }, ["avoid: "]);
      avoided.forEach(function (en, index) {
        if (index) avoid.appendChild(document.createTextNode(", "));
        avoid.appendChild(el("span", { "class": "avoid-term", text: en.term }));
      });
      meta.appendChild(avoid);
    }
    return el("li", { "class": "result" }, [link, meta]);
  }

  function setupLiveSearch(form) {
    var input = form.querySelector("input[name=q]");
    var results = document.getElementById(form.getAttribute("data-results"));
    var api = form.getAttribute("data-api");
    var termUrl = form.getAttribute("data-term");
    var domainNames = {};
    try { domainNames = JSON.parse(form.getAttribute("data-domains") || "{}"); } catch (e) { domainNames = {}; }
    if (!input || !results || !api || !termUrl) return;
    var timer = null;
    var inFlight = null;
    var composing = false;
    // the search page arrives with its results; the home page gets them from its address
    var shown = form.hasAttribute("data-rendered") ? input.value.trim() : "";
    var SHOWN = 10;

    function seeAll(query) {
      return form.getAttribute("action") + "?q=" + encodeURIComponent(query);
    }

    function render(query, data) {
      results.textContent = "";
      if (!query) return;
      if (!data.results.length) {
        results.appendChild(el("p", { "class": "nothing" }, ["Nothing found for \u201c", prose(query), "\u201d."]));
        return;
      }
      var total = data.total || data.results.length;
      var line = el("p", { "class": "count-line" }, [
        total + " result" + (total === 1 ? "" : "s") + " for \u201c", prose(query), "\u201d"
      ]);
      if (total > SHOWN) {
        line.appendChild(document.createTextNode(" \u00b7 "));
        line.appendChild(el("a", { "class": "see-all", href: seeAll(query), text: "see all " + total }));
      }
      results.appendChild(line);
      var list = el("ol", { "class": "results results-curated" });
      var layer = "curated";
      data.results.slice(0, SHOWN).forEach(function (entry) {
        if (entry.layer === "general" && layer !== "general") {
          // curated entries come first; the general dictionary gets its own heading
          if (list.childNodes.length) results.appendChild(list);
          results.appendChild(el("h2", { "class": "layer-heading" }, [
            "General dictionary ",
            el("span", { "class": "layer-note" }, [
              "CC-CEDICT, © MDBG and contributors, ",
              el("a", { href: "https://creativecommons.org/licenses/by-sa/4.0/", rel: "license noopener noreferrer", text: "CC BY-SA 4.0" }),
              "; not reviewed by the glossary's editors"
            ])
          ]));
          list = el("ol", { "class": "results results-general" });
          layer = "general";
        }
        list.appendChild(resultItem(entry, termUrl, domainNames));
      });
      results.appendChild(list);
    }

    function run() {
      var query = input.value.trim();
      if (query === shown) return;
      shown = query;
      if (inFlight) inFlight.abort();
      // the query goes into the address (home or search page), so Back comes back to it
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.pathname + url.search);
      if (!query) { render("", null); return; }
      inFlight = new AbortController();
      fetch(api + "?limit=" + SHOWN + "&q=" + encodeURIComponent(query), { signal: inFlight.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (query === shown) render(query, data); })
        .catch(function (error) { if (error.name !== "AbortError") results.textContent = ""; });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 120);
    }

    // An input method (pinyin, zhuyin, cangjie) composes a character in steps: search once
    // the composition is committed, not on every step.
    input.addEventListener("compositionstart", function () {
      composing = true;
      window.clearTimeout(timer);
    });
    input.addEventListener("compositionend", function () {
      composing = false;
      schedule();
    });
    input.addEventListener("input", function (event) {
      keepAboveKeyboard();
      if (composing || event.isComposing) return;
      schedule();
    });

    // On a phone the on-screen keyboard covers the lower half of the screen: once typing
    // starts, scroll the box to the top so that the results show between it and the keyboard.
    function keepAboveKeyboard() {
      if (!window.matchMedia("(max-width: 40rem)").matches) return;
      var visible = window.visualViewport ? window.visualViewport.height : window.innerHeight;
      if (form.getBoundingClientRect().bottom > visible * 0.4) form.scrollIntoView({ block: "start" });
    }
    // Back to a page whose address has a query (restored from the cache or not): show it.
    window.addEventListener("pageshow", function () {
      var wanted = new URL(window.location.href).searchParams.get("q") || "";
      if (wanted && input.value.trim() !== wanted.trim()) input.value = wanted;
      if (input.value.trim() !== shown) run();
    });
    if (input.value.trim() !== shown) run();

    function links() { return Array.prototype.slice.call(results.querySelectorAll("a.result-link")); }

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && links().length) {
        event.preventDefault();
        links()[0].focus();
      }
    });
    results.addEventListener("keydown", function (event) {
      var all = links();
      var index = all.indexOf(document.activeElement);
      if (index < 0) return;
      if (event.key === "ArrowDown" && index + 1 < all.length) { event.preventDefault(); all[index + 1].focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); (index > 0 ? all[index - 1] : input).focus(); }
      else if (event.key === "Escape") { event.preventDefault(); input.focus(); }
    });
  }

  // -- the suggestion form shows the fields of the chosen kind --------------------------------
  function setupSuggestForm() {
    var form = document.querySelector(".suggest-form");
    if (!form) return;
    function update() {
      var checked = form.querySelector("input[name=kind]:checked");
      var kind = checked ? checked.value : "new";
      form.querySelectorAll(".for-new").forEach(function (node) { node.hidden = kind !== "new"; });
      form.querySelectorAll(".for-correction").forEach(function (node) { node.hidden = kind !== "correction"; });
    }
    form.querySelectorAll("input[name=kind]").forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  // -- the export form shows the address of the download it builds ------------------------
  function setupExportLink() {
    var form = document.querySelector("form[data-export-link]");
    if (!form) return;
    var link = document.getElementById(form.getAttribute("data-export-link"));
    if (!link) return;
    function address() {
      var params = new URLSearchParams();
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.value.trim()) params.append(field.name, field.value.trim());
      });
      return form.getAttribute("action") + "?" + params.toString();
    }
    function update() {
      link.href = address();
      link.textContent = new URL(link.href, window.location.href).href;
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();  // the same download, without the empty fields in its address
      window.location.assign(address());
    });
    link.parentNode.hidden = false;
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupTones();
    setupShortcut();
    setupCopyButtons();
    document.querySelectorAll("form[data-live-search]").forEach(setupLiveSearch);
    setupSuggestForm();
    setupExportLink();
  });
})();
