// Site-wide behaviour: theme toggle, "/" to focus the search box, keyboard access to scroll boxes.
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

    // A box that scrolls (wide code, tables, math, number grids) must be reachable with the keyboard, or a
    // keyboard user cannot scroll it: such a box gets tabindex=0 while it overflows and holds nothing focusable.
    // Content comes and goes (highlighting, typeset math, calculator results, revealed answers), so the check
    // reruns after changes in <main> and on resize.
    var main = document.querySelector("main");
    if (!main) return;
    var focusable = "a[href], button, input, select, textarea, summary, [tabindex]:not([data-kb-scroll])";
    var boxes = "pre, table, div, figure, section, ol, ul, dl, details";
    function scrolls(el) {
        var s = getComputedStyle(el);
        return (/auto|scroll/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
            (/auto|scroll/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1);
    }
    function markScrollBoxes() {
        main.querySelectorAll(boxes).forEach(function (el) {
            var needs = scrolls(el) && !el.querySelector(focusable);
            if (needs && !el.hasAttribute("tabindex")) {
                el.setAttribute("tabindex", "0");
                el.setAttribute("data-kb-scroll", "");
            } else if (!needs && el.hasAttribute("data-kb-scroll")) {
                el.removeAttribute("tabindex");
                el.removeAttribute("data-kb-scroll");
            }
        });
    }
    var pending = false;
    function schedule() {
        if (pending) return;
        pending = true;
        requestAnimationFrame(function () { pending = false; markScrollBoxes(); });
    }
    new MutationObserver(schedule).observe(main, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["hidden", "open"] });
    addEventListener("resize", schedule);
    addEventListener("load", markScrollBoxes);
    markScrollBoxes();
})();
