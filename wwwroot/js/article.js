// Rendered article HTML: KaTeX for math rendered by Markdig, highlight.js for code, runnable-example and
// output panels. KB.enhance(element) is reusable (practice mode calls it on each revealed answer); the article
// page additionally gets heading permalinks and TOC tracking.
(function () {
    "use strict";
    var KB = window.KB = window.KB || {};

    // Markdig writes \(...\) in span.math and \[...\] in div.math.
    KB.renderMath = function (root) {
        if (!window.katex) return;
        root.querySelectorAll(".math").forEach(function (el) {
            if (el.dataset.kbMath) return;
            el.dataset.kbMath = "1";
            var display = el.tagName === "DIV";
            var tex = el.textContent.trim().replace(/^\\[\(\[]/, "").replace(/\\[\)\]]$/, "");
            try {
                window.katex.render(tex, el, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
                if (display) el.classList.add("math-display");
            } catch (e) { el.title = String(e); }
        });
    };

    // A ```python runnable fence followed by an ```output fence (the content convention): the pair gets
    // classes for the "可运行示例" label and the "输出" panel; the labels themselves are CSS, by page language.
    KB.markExamples = function (root) {
        root.querySelectorAll("pre > code.language-output").forEach(function (code) {
            var pre = code.parentElement;
            pre.classList.add("code-output");
            var prev = pre.previousElementSibling;
            if (prev && prev.tagName === "PRE" && prev.querySelector(":scope > code.language-python")) {
                prev.classList.add("code-runnable");
            }
        });
    };

    KB.highlight = function (root) {
        if (!window.hljs) return;
        root.querySelectorAll("pre code").forEach(function (el) {
            if (el.dataset.highlighted || /language-(calc|output|text|plain)\b/.test(el.className)) return;
            window.hljs.highlightElement(el);
        });
    };

    KB.enhance = function (root) {
        KB.renderMath(root);
        KB.markExamples(root);
        KB.highlight(root);
    };

    var body = document.querySelector(".article .article-body");
    if (!body) return;
    KB.enhance(body);

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
