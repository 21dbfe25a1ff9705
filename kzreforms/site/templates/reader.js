{%- raw -%}
/* The statement reader: a highlight opens its claim without losing the place.
   Phones get a bottom sheet, wide screens the sticky sidebar (scrolled inside).
   Escape or the close button closes; focus goes to the panel heading and back. */
(function () {
  "use strict";
  var reader = document.querySelector(".reader");
  if (!reader) { return; }
  var aside = reader.querySelector(".panels");
  var wide = window.matchMedia("(min-width: 64rem)");
  var open = null;
  reader.classList.add("js");

  function slugOf(panel) { return panel.id.slice("about-".length); }
  function highlightLink(slug) {
    return reader.querySelector('.source-text a[href="#about-' + slug + '"]') ||
      reader.querySelector('.source-text mark[data-claim="' + slug + '"] a');
  }
  function marks(slug) {
    return reader.querySelectorAll('.source-text mark[data-claim="' + slug + '"]');
  }
  function close(restore) {
    if (!open) { return; }
    var was = open;
    open = null;
    was.panel.classList.remove("is-open");
    reader.classList.remove("sheet-open");
    marks(slugOf(was.panel)).forEach(function (m) { m.classList.remove("is-active"); });
    if (was.link) { was.link.setAttribute("aria-expanded", "false"); }
    history.replaceState(null, "", location.pathname + location.search);
    if (restore && was.link) { was.link.focus({ preventScroll: true }); }
  }
  function keepVisible(link) {
    if (!link) { return; }
    var r = link.getBoundingClientRect();
    var limit = window.innerHeight;
    if (!wide.matches) { limit = open.panel.getBoundingClientRect().top; }
    if (r.top < 8 || r.bottom > limit - 8) {
      window.scrollBy(0, r.top - Math.max(8, (limit - r.height) / 3));
    }
  }
  function show(panel, link) {
    close(false);
    var slug = slugOf(panel);
    open = { panel: panel, link: link };
    panel.classList.add("is-open");
    marks(slug).forEach(function (m) { m.classList.add("is-active"); });
    if (link) { link.setAttribute("aria-expanded", "true"); }
    history.replaceState(null, "", "#about-" + slug);
    var heading = panel.querySelector("h3");
    if (wide.matches) {
      reader.classList.remove("sheet-open");
      var top = aside.getBoundingClientRect().top;
      if (top > 16 && link && link.getBoundingClientRect().top - (top - 16) > 0) {
        window.scrollBy(0, top - 16);
      }
      aside.scrollTop = panel.offsetTop - 8;
    } else {
      reader.classList.add("sheet-open");
      panel.scrollTop = 0;
    }
    keepVisible(link);
    heading.focus({ preventScroll: true });
  }
  reader.querySelectorAll(".claim-panel").forEach(function (panel) {
    var button = panel.querySelector(".panel-close");
    button.hidden = false;
    button.addEventListener("click", function () { close(true); });
  });
  reader.querySelectorAll('.source-text a[href^="#about-"]').forEach(function (a) {
    a.setAttribute("aria-expanded", "false");
  });
  reader.addEventListener("click", function (event) {
    var a = event.target.closest('a[href^="#"]');
    if (!a) { return; }
    var href = a.getAttribute("href");
    if (href.indexOf("#about-") === 0) {
      var panel = document.getElementById(href.slice(1));
      if (!panel) { return; }
      event.preventDefault();
      var inText = a.closest(".source-text");
      show(panel, inText ? a : highlightLink(slugOf(panel)));
    } else if (open && open.panel.contains(a)) {
      close(false);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      event.preventDefault();
      close(true);
    }
  });
  if (location.hash.indexOf("#about-") === 0) {
    var first = document.getElementById(location.hash.slice(1));
    if (first && first.classList.contains("claim-panel")) {
      show(first, highlightLink(slugOf(first)));
    }
  }
})();
{%- endraw %}
