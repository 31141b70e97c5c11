// Site-wide behaviour: theme toggle and "/" to focus the search box.
(function () {
    "use strict";
    var root = document.documentElement;
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) {
        toggle.addEventListener("click", function () {
            var dark = root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
            root.dataset.theme = dark ? "light" : "dark";
            try { localStorage.setItem("kb-theme", root.dataset.theme); } catch (e) { /* private mode */ }
        });
    }
    document.addEventListener("keydown", function (e) {
        if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
        var t = e.target;
        if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
        var box = document.getElementById("site-search");
        if (box) { e.preventDefault(); box.focus(); box.select(); }
    });
})();
