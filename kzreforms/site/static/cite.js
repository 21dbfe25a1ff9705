/* "Cite this claim": the copy buttons. Without JavaScript the IRI is plain text to
   select; with it, a button copies the IRI and announces "Copied" (aria-live). */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  document.querySelectorAll("button.copy-iri[data-copy]").forEach(function (button) {
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = ""; }
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        if (status) { status.textContent = "Copied"; }
      }, function () {
        if (status) { status.textContent = "Could not copy: select the IRI and copy it"; }
      });
    });
  });
})();
