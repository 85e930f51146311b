/* Shegong shell behaviour. Loaded with `defer` from base.html; no inline scripts (CSP). */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      return meta.content;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Every htmx request carries Django's CSRF token (POST, PUT, PATCH, DELETE are refused without it).
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // A failed htmx request says so instead of doing nothing; the text comes translated from base.html.
  function showError() {
    var text = document.body.getAttribute("data-htmx-error");
    if (!text || document.querySelector(".sg-htmx-error")) {
      return;
    }
    var box = document.createElement("div");
    box.className = "alert alert-danger alert-dismissible sg-htmx-error";
    box.setAttribute("role", "alert");
    box.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", document.body.getAttribute("data-close-label") || "Close");
    box.appendChild(close);
    document.body.appendChild(box);
  }

  document.addEventListener("htmx:responseError", showError);
  document.addEventListener("htmx:sendError", showError);

  // Move focus to the main region when the skip link is used (some browsers keep it on the link).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".sg-skip-link");
    if (link) {
      var main = document.getElementById("main");
      if (main) {
        main.focus();
      }
    }
  });
})();
