// Article page: KaTeX for math rendered by Markdig, highlight.js for code, heading permalinks, TOC tracking.
(function () {
    "use strict";
    var body = document.querySelector(".article-body");
    if (!body) return;

    // Markdig writes \(...\) in span.math and \[...\] in div.math.
    if (window.katex) {
        body.querySelectorAll(".math").forEach(function (el) {
            var display = el.tagName === "DIV";
            var tex = el.textContent.trim().replace(/^\\[\(\[]/, "").replace(/\\[\)\]]$/, "");
            try {
                window.katex.render(tex, el, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
                if (display) el.classList.add("math-display");
            } catch (e) { el.title = String(e); }
        });
    }
    if (window.hljs) {
        body.querySelectorAll("pre code").forEach(function (el) {
            if (!/language-(calc|text|plain)/.test(el.className)) window.hljs.highlightElement(el);
        });
    }
    body.querySelectorAll("h2[id], h3[id], h4[id]").forEach(function (h) {
        var a = document.createElement("a");
        a.className = "anchor";
        a.href = "#" + encodeURIComponent(h.id);
        a.setAttribute("aria-label", "permalink");
        a.textContent = "#";
        h.appendChild(a);
    });

    var links = Array.prototype.slice.call(document.querySelectorAll(".toc a"));
    if (links.length && "IntersectionObserver" in window) {
        var byId = {};
        links.forEach(function (l) { byId[decodeURIComponent(l.hash.slice(1))] = l; });
        var observer = new IntersectionObserver(function (entries) {
            entries.forEach(function (entry) {
                if (!entry.isIntersecting) return;
                links.forEach(function (l) { l.classList.remove("active"); });
                var link = byId[entry.target.id];
                if (link) link.classList.add("active");
            });
        }, { rootMargin: "-10% 0px -80% 0px" });
        Object.keys(byId).forEach(function (id) { var h = document.getElementById(id); if (h) observer.observe(h); });
    }
})();
