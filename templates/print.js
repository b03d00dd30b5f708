// Paper layout. Before the page is printed (A4, the @page margins of style.css), the blocks
// are laid out once with the print styles at the page's width and cut into pages the way the
// browser will. A figure that does not fit what is left of its page is scaled down to fit
// when it loses at most 30 % of its height; otherwise the blocks after it that fit the gap
// move in front of it (as a figure floats in a printed book), so no page is left half blank.
// A heading that would end its page moves to the next one with what it heads. Everything
// is undone after printing.
(function () {
  "use strict";
  var MM = 96 / 25.4;
  var PAGE_W = 182 * MM, PAGE_H = 265 * MM; // A4 less 14 mm and 16 mm margins
  var SLACK = 12; // px kept free at a page's foot: the estimate is not exact to the line
  var undo = [];
  var DEBUG = location.hash === "#print-debug";

  function printRules() {
    var out = [];
    for (var i = 0; i < document.styleSheets.length; i++) {
      var rules = document.styleSheets[i].cssRules;
      for (var j = 0; j < rules.length; j++) {
        var r = rules[j];
        if (r.media && /\bprint\b/.test(r.media.mediaText)) {
          for (var k = 0; k < r.cssRules.length; k++) {
            if (r.cssRules[k].type === 1) out.push(r.cssRules[k].cssText);
          }
        }
      }
    }
    return out.join("\n");
  }

  function atomic(el) {
    var tag = el.tagName;
    return tag === "FIGURE" || tag === "LI" || tag === "TR" || tag === "CAPTION" ||
      tag === "PRE" || tag === "FOOTER" || tag === "DT" || tag === "DD" ||
      /^H[1-6]$/.test(tag) || el.classList.contains("short") || el.classList.contains("meta");
  }

  // The block the page break goes before: a table's caption or header row breaks with its
  // table.
  function breakHost(el) {
    return el.tagName === "CAPTION" || el.tagName === "TR" ? el.closest(".table-wrap") || el.closest("table") : el;
  }

  function forcedBreak(el) {
    return el.style.breakBefore === "page" ||
      (el.tagName === "CAPTION" && breakHost(el).style.breakBefore === "page");
  }

  // A block that must not end a page: a heading, a table's caption or its header row.
  function headingLike(el) {
    return /^H[1-6]$/.test(el.tagName) || el.tagName === "CAPTION" ||
      (el.tagName === "TR" && el.parentNode.tagName === "THEAD");
  }

  function inlineOnly(el) {
    for (var c = el.firstElementChild; c; c = c.nextElementSibling) {
      var d = getComputedStyle(c).display;
      if (d !== "none" && d.indexOf("inline") !== 0 && d !== "math" && d !== "contents") return false;
    }
    return true;
  }

  // The blocks in reading order: atomic ones whole, text (a paragraph, a note, display
  // math) as lines that may break anywhere.
  function units(el, out) {
    for (var c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (getComputedStyle(c).display === "none" || c.tagName === "SCRIPT" || c.tagName === "STYLE") continue;
      // A short table (a few rows) is kept whole, unless its rows are so tall that moving
      // it whole would leave much of a page blank: then it runs over pages like a long one.
      if (c.classList.contains("short") && c.getBoundingClientRect().height > PAGE_H * 0.4) {
        if (c.style.breakInside !== "auto") {
          c.style.breakInside = "auto";
          undo.push(function (e) { return function () { e.style.breakInside = ""; }; }(c));
        }
        units(c, out);
      } else if (atomic(c)) out.push({ el: c, atomic: true });
      else if (c.tagName === "P" || c.tagName.toLowerCase() === "math" || inlineOnly(c)) out.push({ el: c, atomic: false });
      else units(c, out);
    }
    return out;
  }

  // Cuts the blocks into pages; returns the first block that needs a change, with what is
  // left of its page, or null when none does.
  function paginate(main) {
    var list = units(main, []);
    var y = 0, prevBottom = null;
    for (var i = 0; i < list.length; i++) {
      var u = list[i], box = u.el.getBoundingClientRect();
      var gap = prevBottom === null ? 0 : Math.max(0, box.top - prevBottom);
      prevBottom = Math.max(prevBottom === null ? box.bottom : prevBottom, box.bottom);
      // After a forced break the block keeps its top margin; after a natural one it does not.
      if (forcedBreak(u.el)) y = parseFloat(getComputedStyle(breakHost(u.el)).marginTop) || 0;
      else y = y + gap >= PAGE_H ? 0 : y + gap;
      var h = box.height, left = PAGE_H - y;
      if (DEBUG) console.log("unit " + u.el.tagName + " y=" + Math.round(y) + " h=" + Math.round(h) + " gap=" + Math.round(gap) + " " + (u.el.textContent || "").slice(0, 30));
      if (!u.atomic) {
        if (DEBUG && y + h > PAGE_H) console.log("text runs over the page: " + (u.el.textContent || "").slice(0, 40));
        y = (y + h) % PAGE_H;
        continue;
      }
      if (headingLike(u.el) && i + 1 < list.length && !u.el.dataset.moved) {
        var nextEl = list[i + 1].el, next = nextEl.getBoundingClientRect(), head = next.top - box.top;
        if (nextEl.tagName === "FIGURE") {
          // A heading and its figure: the figure is fitted (or floated) below the heading,
          // and when it still does not fit both go to the next page.
          if (head + next.height > left - SLACK) {
            if (!nextEl.dataset.fitted) return { el: nextEl, left: left - SLACK - head, target: u.el };
            return { el: u.el, heading: true };
          }
        }
        // What it heads: past further headings (a table's caption and header row) to the
        // first block of content.
        var k = i + 1;
        while (k + 1 < list.length && headingLike(list[k].el)) k++;
        nextEl = list[k].el;
        next = nextEl.getBoundingClientRect();
        head = next.top - box.top;
        var need = list[k].atomic && next.height <= PAGE_H * 0.15 ? next.height : Math.min(next.height, 48);
        // Only near the page's foot: further up, an estimate a few lines off would leave
        // more blank than a stranded heading costs.
        if (head + need > left - SLACK && left < PAGE_H * 0.15) return { el: u.el, heading: true };
      }
      // A figure fits only with its bottom margin and some slack (the browser moves it
      // otherwise); other blocks fit as the browser fits them, their trailing margin cut
      // at the page's end.
      var fig = u.el.tagName === "FIGURE";
      var mb = fig ? parseFloat(getComputedStyle(u.el).marginBottom) || 0 : 0;
      if (h + mb <= left - (fig ? SLACK : 0) || h > PAGE_H) { y = (y + h) % PAGE_H; continue; }
      if (fig && !u.el.dataset.fitted) return { el: u.el, left: left - SLACK - mb };
      // A list item (a claim, a finding) the browser might cut: the break goes before it.
      if (u.el.tagName === "LI" && h > left + 4 && !forcedBreak(u.el) && !u.el.dataset.moved) return { el: u.el, heading: true };
      // Moved whole to the next page; a table row below the table's repeated header.
      var thead = u.el.tagName === "TR" && u.el.closest("table").tHead;
      y = h + (thead && !thead.contains(u.el) ? thead.getBoundingClientRect().height : 0);
      // A heading just above goes along (break-after: avoid).
      var prev = i > 0 ? list[i - 1].el : null;
      if (prev && /^H[1-6]$/.test(prev.tagName)) y += box.top - prev.getBoundingClientRect().top;
      if (DEBUG) console.log("page break before " + u.el.tagName + " " + (u.el.textContent || "").slice(0, 40));
    }
    return null;
  }

  // The smallest scale a figure may take: 70 % of its height, and never so small that its
  // smallest text (tick labels) prints under 6 pt.
  function smallest(svg) {
    var min = Infinity, texts = svg.querySelectorAll("text[font-size]");
    for (var i = 0; i < texts.length; i++) min = Math.min(min, parseFloat(texts[i].getAttribute("font-size")));
    var vb = svg.viewBox && svg.viewBox.baseVal, width = svg.getBoundingClientRect().width;
    if (!isFinite(min) || !vb || !vb.width) return 0.7;
    var pt = min * (width / vb.width) * 0.75; // the text's size now, in points
    return Math.max(0.7, 6.1 / pt);
  }

  function moveBefore(el, target) {
    var parent = el.parentNode, next = el.nextSibling;
    undo.push(function () { parent.insertBefore(el, next); });
    target.parentNode.insertBefore(el, target);
  }

  function fit(main) {
    for (var round = 0; round < 60; round++) {
      var need = paginate(main);
      if (!need) return;
      var el = need.el;
      if (DEBUG) console.log((need.heading ? "heading to next page: " : "fit figure: left " + Math.round(need.left) + " ") + (el.textContent || "").slice(0, 40));
      if (need.heading) {
        var host = breakHost(el);
        el.dataset.moved = "1";
        host.style.breakBefore = "page";
        undo.push(function (e, h) { return function () { h.style.breakBefore = ""; delete e.dataset.moved; }; }(el, host));
        continue;
      }
      el.dataset.fitted = "1";
      undo.push(function (e) { return function () { delete e.dataset.fitted; }; }(el));
      var svg = el.querySelector("svg"), box = el.getBoundingClientRect();
      if (!svg) continue;
      var s = svg.getBoundingClientRect().height, rest = box.height - s;
      var target = need.left - rest;
      if (target >= smallest(svg) * s) {
        svg.style.maxHeight = target + "px";
        undo.push(function (e) { return function () { e.style.maxHeight = ""; }; }(svg));
        continue;
      }
      if (need.left < PAGE_H * 0.3) continue; // a short gap: the figure starts the next page
      // Float: the blocks after the figure that fit in the gap go before it, a heading only
      // with the block it heads.
      var room = need.left, sib = el.nextElementSibling, moved = [], before = need.target || el;
      while (sib && sib.tagName !== "FIGURE" && sib.tagName !== "FOOTER") {
        var group = [sib], end = sib;
        if (/^H[1-6]$/.test(sib.tagName) && sib.nextElementSibling) { end = sib.nextElementSibling; group.push(end); }
        var top = sib.getBoundingClientRect().top, bottom = end.getBoundingClientRect().bottom;
        var after = end.nextElementSibling;
        var height = (after ? after.getBoundingClientRect().top : bottom) - top;
        if (group.some(function (g) { return g.tagName === "FIGURE"; })) break;
        if (height > room) {
          // A list goes in part: its first items, as many as fit, in a list of their own.
          if (end.tagName === "UL" && end.firstElementChild) {
            var first = end.firstElementChild.getBoundingClientRect().top, items = [];
            for (var li = end.firstElementChild; li; li = li.nextElementSibling) {
              if (li.getBoundingClientRect().bottom - top > room) break;
              items.push(li);
            }
            if (items.length > 0 && first - top < room) {
              var part = end.cloneNode(false);
              end.parentNode.insertBefore(part, end);
              items.forEach(function (it) { part.appendChild(it); });
              undo.push(function (whole, piece, its) {
                return function () {
                  for (var q = its.length - 1; q >= 0; q--) whole.insertBefore(its[q], whole.firstChild);
                  piece.remove();
                };
              }(end, part, items));
              moved = moved.concat(group.length > 1 ? [sib, part] : [part]);
            }
          }
          break;
        }
        room -= height;
        moved = moved.concat(group);
        sib = end.nextElementSibling;
      }
      if (DEBUG) console.log("float " + moved.length + " blocks before " + before.tagName + ", room " + Math.round(need.left));
      moved.forEach(function (m) { moveBefore(m, before); });
    }
  }

  addEventListener("beforeprint", function () {
    var main = document.querySelector("main");
    if (!main) return;
    var sim = document.createElement("style");
    sim.textContent = printRules();
    document.head.appendChild(sim);
    var root = document.documentElement, width = root.style.width;
    root.style.width = PAGE_W + "px";
    try {
      fit(main);
      if (DEBUG) {
        var order = [];
        for (var c = main.firstElementChild; c; c = c.nextElementSibling) order.push(c.tagName + (c.id ? "#" + c.id : "") + "[" + c.childElementCount + "]");
        console.log("order: " + order.join(" "));
      }
    } finally {
      sim.remove();
      root.style.width = width;
    }
  });
  addEventListener("afterprint", function () {
    while (undo.length) undo.pop()();
  });
})();
