// The HTML redline's script: filters, side-by-side view, moving from change
// to change. Inlined whole into the page and allowed by its hash in the
// page's Content-Security-Policy. It reads the page and fetches nothing.
// Without it the page still shows everything: the controls stay hidden.
(function () {
  "use strict";

  var doc = document.getElementById("rl-text");
  var toolbar = document.getElementById("rl-toolbar");
  if (!doc || !toolbar) {
    return;
  }
  var root = document.documentElement;
  var status = document.getElementById("rl-status");
  var keys = document.getElementById("rl-keys");
  var changes = Array.prototype.slice.call(doc.querySelectorAll("article.change"));
  var current = null;

  toolbar.hidden = false;

  function toolbarHeight() {
    root.style.setProperty("--toolbar-h", toolbar.offsetHeight + "px");
  }
  toolbarHeight();
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(toolbarHeight).observe(toolbar);
  }

  function visible(el) {
    return el.getClientRects().length > 0;
  }

  function shown() {
    return changes.filter(visible);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function updateStatus() {
    var list = shown();
    var at = current ? list.indexOf(current) : -1;
    if (at >= 0) {
      status.textContent = "Change " + (at + 1) + " of " + list.length;
    } else if (list.length === changes.length) {
      status.textContent = plural(changes.length, "change");
    } else {
      status.textContent = list.length + " of " + plural(changes.length, "change") + " shown";
    }
  }

  function setCurrent(el) {
    if (current) {
      current.classList.remove("current");
    }
    current = el;
    if (el) {
      el.classList.add("current");
    }
    updateStatus();
  }

  function inView(el) {
    var r = el.getBoundingClientRect();
    return r.bottom > toolbar.getBoundingClientRect().bottom && r.top < window.innerHeight;
  }

  // The next (step 1) or previous (step -1) shown change: from the current
  // one while it is in view, else from the reading position.
  function target(step) {
    var list = shown();
    if (!list.length) {
      return null;
    }
    var at = current && inView(current) ? list.indexOf(current) : -1;
    if (at >= 0) {
      return list[Math.min(Math.max(at + step, 0), list.length - 1)];
    }
    var line = toolbar.getBoundingClientRect().bottom + 2;
    var i;
    if (step > 0) {
      for (i = 0; i < list.length; i++) {
        if (list[i].getBoundingClientRect().top >= line) {
          return list[i];
        }
      }
      return list[list.length - 1];
    }
    for (i = list.length - 1; i >= 0; i--) {
      if (list[i].getBoundingClientRect().top < line - 4) {
        return list[i];
      }
    }
    return list[0];
  }

  function go(step) {
    var el = target(step);
    if (!el) {
      return;
    }
    setCurrent(el);
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "start" });
    try {
      history.replaceState(null, "", "#" + encodeURIComponent(el.id));
    } catch (e) {
      // Some file: URLs refuse; the anchor is only a convenience.
    }
  }

  document.getElementById("rl-next").addEventListener("click", function () {
    go(1);
  });
  document.getElementById("rl-prev").addEventListener("click", function () {
    go(-1);
  });

  // Single-key shortcuts, which the checkbox turns off (WCAG 2.1.4).
  document.addEventListener("keydown", function (e) {
    if (!keys.checked || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    var t = e.target;
    if (t && (t.isContentEditable || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
        (t.tagName === "INPUT" && t.type !== "radio" && t.type !== "checkbox"))) {
      return;
    }
    var step = { j: 1, n: 1, k: -1, p: -1 }[e.key];
    if (step) {
      e.preventDefault();
      go(step);
    }
  });

  function setFilter(value) {
    doc.setAttribute("data-filter", value);
    var radio = toolbar.querySelector('input[name="filter"][value="' + value + '"]');
    if (radio) {
      radio.checked = true;
    }
    if (current && !visible(current)) {
      setCurrent(null);
    }
    updateStatus();
  }

  Array.prototype.forEach.call(toolbar.querySelectorAll('input[name="filter"]'), function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked) {
        setFilter(radio.value);
      }
    });
  });

  function toggle(button, on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  var sbs = document.getElementById("rl-sbs");
  sbs.addEventListener("click", function () {
    var on = !doc.classList.contains("sbs-on");
    doc.classList.toggle("sbs-on", on);
    toggle(sbs, on);
  });

  var expand = document.getElementById("rl-expand");
  expand.addEventListener("click", function () {
    var on = expand.getAttribute("aria-pressed") !== "true";
    Array.prototype.forEach.call(doc.querySelectorAll("details.run"), function (d) {
      d.open = on;
    });
    toggle(expand, on);
  });

  // A link to a provision folded away or filtered out shows it.
  function reveal() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;
    }
    var el = id ? document.getElementById(id) : null;
    if (!el) {
      return;
    }
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
    if (!visible(el)) {
      setFilter("all");
    }
    var change = el.closest("article.change");
    if (change) {
      setCurrent(change);
    }
    el.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", reveal);
  reveal();

  // Print the readings too, then fold them back.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(doc.querySelectorAll("details.effects"), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) {
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) {
      d.open = false;
    });
    opened = [];
  });

  updateStatus();
})();
