// Practice mode (刷题): one question at a time from the JSON embedded in the page (#practice-data), answer
// hidden until revealed, 会/不会 marks kept in localStorage under "kb-practice" as
// { "<article slug>": { "status": "known" | "unknown", "at": "<ISO time>" } }.
// Keys: Space reveal/hide, → next, ← previous, 1 会, 2 不会 (native keys keep working on buttons and fields).
(function () {
    "use strict";
    var dataEl = document.getElementById("practice-data");
    if (!dataEl) return;
    var data = JSON.parse(dataEl.textContent);
    var labels = data.labels;
    var STORE_KEY = "kb-practice";
    var $ = function (id) { return document.getElementById(id); };
    var ui = {
        card: $("practice-card"), empty: $("practice-empty"), live: $("practice-live"),
        position: $("practice-position"), category: $("practice-category-name"), stars: $("practice-difficulty-stars"),
        status: $("practice-status"), title: $("practice-title"), titleEn: $("practice-title-en"),
        answer: $("practice-answer"), answerBody: $("practice-answer-body"), note: $("practice-summary-note"), link: $("practice-link"),
        prev: $("practice-prev"), reveal: $("practice-reveal"), known: $("practice-known"), unknown: $("practice-unknown"), next: $("practice-next"),
        summary: $("practice-summary"), reset: $("practice-reset"),
        filters: { category: $("practice-category"), difficulty: $("practice-difficulty"), order: $("practice-order"), scope: $("practice-scope") }
    };
    var categoryNames = {};
    data.categories.forEach(function (c) { categoryNames[c.slug] = c.name; });

    var progress = load();
    var list = [];
    var index = 0;

    function load() {
        try {
            var value = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
            return value && typeof value === "object" ? value : {};
        } catch (e) { return {}; }
    }
    function save() {
        try { localStorage.setItem(STORE_KEY, JSON.stringify(progress)); } catch (e) { /* private mode: progress lasts for this page only */ }
    }
    function statusOf(slug) {
        var entry = progress[slug];
        return entry && (entry.status === "known" || entry.status === "unknown") ? entry.status : "unseen";
    }
    function format(template) {
        var args = Array.prototype.slice.call(arguments, 1);
        return template.replace(/\{(\d+)\}/g, function (m, i) { return args[+i]; });
    }

    function applyFilters() {
        var f = ui.filters;
        list = data.questions.filter(function (q) {
            return (!f.category.value || q.category === f.category.value)
                && (!f.difficulty.value || String(q.difficulty) === f.difficulty.value)
                && (f.scope.value !== "todo" || statusOf(q.slug) !== "known");
        });
        if (f.order.value === "random") {
            for (var i = list.length - 1; i > 0; i--) {
                var j = Math.floor(Math.random() * (i + 1));
                var t = list[i]; list[i] = list[j]; list[j] = t;
            }
        }
        index = 0;
        // The address keeps the filters for reload and sharing; other parameters (e.g. culture) stay.
        var params = new URLSearchParams(location.search);
        var chosen = {
            category: f.category.value, difficulty: f.difficulty.value,
            order: f.order.value === "random" ? "random" : "", scope: f.scope.value === "todo" ? "todo" : ""
        };
        Object.keys(chosen).forEach(function (k) { if (chosen[k]) params.set(k, chosen[k]); else params.delete(k); });
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
        show();
    }

    function show() {
        var empty = list.length === 0;
        ui.card.hidden = empty;
        ui.empty.hidden = !empty;
        ui.empty.textContent = empty ? labels.empty : "";
        if (empty) return;
        var q = list[index];
        ui.position.textContent = format(labels.position, index + 1, list.length);
        ui.category.textContent = categoryNames[q.category] || q.category;
        var d = q.difficulty || 0;
        ui.stars.textContent = d ? "★★★".slice(0, d) + "☆☆☆".slice(0, 3 - d) : "";
        ui.stars.title = labels.difficulty + " " + d;
        ui.title.textContent = q.title;
        ui.titleEn.textContent = q.titleEn || "";
        ui.titleEn.hidden = !q.titleEn;
        ui.card.dataset.slug = q.slug;
        ui.answer.hidden = true;
        ui.answerBody.innerHTML = "";
        ui.note.textContent = q.isSummary ? labels.summaryNote : "";
        ui.link.href = q.url;
        ui.link.textContent = labels.readMore + " →";
        ui.prev.disabled = index === 0;
        ui.next.disabled = index === list.length - 1;
        showStatus(q);
        setReveal(false);
    }

    function showStatus(q) {
        var s = statusOf(q.slug);
        ui.status.textContent = labels[s];
        ui.status.className = "practice-status status-" + s;
        ui.known.setAttribute("aria-pressed", String(s === "known"));
        ui.unknown.setAttribute("aria-pressed", String(s === "unknown"));
    }

    function setReveal(open) {
        var q = list[index];
        if (open && !ui.answerBody.firstChild) {
            // answerHtml is the importer's sanitized article HTML, safe to insert as is.
            ui.answerBody.innerHTML = q.answerHtml;
            if (window.KB && window.KB.enhance) window.KB.enhance(ui.answerBody);
        }
        ui.answer.hidden = !open;
        ui.reveal.setAttribute("aria-expanded", String(open));
        ui.reveal.textContent = open ? labels.hide : labels.reveal;
    }

    function go(delta, focusTitle) {
        var target = index + delta;
        if (target < 0 || target >= list.length) return;
        index = target;
        show();
        // Focus follows the question so that screen readers announce it and Space reveals its answer.
        if (focusTitle) ui.title.focus();
    }

    function mark(status) {
        var q = list[index];
        progress[q.slug] = { status: status, at: new Date().toISOString() };
        save();
        renderSummary();
        showStatus(q);
        ui.live.textContent = format(labels.marked, labels[status]);
        go(1, true);
    }

    function renderSummary() {
        var tbody = ui.summary.tBodies[0];
        var totals = { known: 0, unknown: 0, unseen: 0 };
        tbody.textContent = "";
        data.categories.forEach(function (c) {
            var counts = { known: 0, unknown: 0, unseen: 0 };
            data.questions.forEach(function (q) { if (q.category === c.slug) counts[statusOf(q.slug)]++; });
            if (counts.known + counts.unknown + counts.unseen === 0) return;
            tbody.appendChild(row(c.name, c.slug, counts, "td"));
            Object.keys(totals).forEach(function (k) { totals[k] += counts[k]; });
        });
        ui.summary.tFoot.textContent = "";
        ui.summary.tFoot.appendChild(row(labels.total, "", totals, "th"));
    }

    function row(name, slug, counts, cellTag) {
        var tr = document.createElement("tr");
        tr.dataset.category = slug;
        var head = document.createElement("th");
        head.scope = "row";
        head.textContent = name;
        tr.appendChild(head);
        ["known", "unknown", "unseen"].forEach(function (k) {
            var cell = document.createElement(cellTag);
            cell.dataset.status = k;
            cell.textContent = String(counts[k]);
            tr.appendChild(cell);
        });
        return tr;
    }

    ui.prev.addEventListener("click", function () { go(-1, false); });
    ui.next.addEventListener("click", function () { go(1, false); });
    ui.reveal.addEventListener("click", function () { setReveal(ui.answer.hidden); });
    ui.known.addEventListener("click", function () { mark("known"); });
    ui.unknown.addEventListener("click", function () { mark("unknown"); });
    ui.reset.addEventListener("click", function () {
        if (!window.confirm(labels.confirmReset)) return;
        progress = {};
        save();
        renderSummary();
        if (list.length) showStatus(list[index]);
    });
    Object.keys(ui.filters).forEach(function (k) { ui.filters[k].addEventListener("change", applyFilters); });
    // Another tab marked something: keep this tab's counts honest.
    window.addEventListener("storage", function (e) {
        if (e.key !== STORE_KEY) return;
        progress = load();
        renderSummary();
        if (list.length) showStatus(list[index]);
    });

    document.addEventListener("keydown", function (e) {
        if (e.ctrlKey || e.metaKey || e.altKey || ui.card.hidden) return;
        var t = e.target;
        if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
        switch (e.key) {
            case " ":
            case "Spacebar":
                // On a focused button or link Space keeps its native meaning (press it).
                if (t && /^(BUTTON|A|SUMMARY)$/.test(t.tagName)) return;
                e.preventDefault();
                if (!e.repeat) setReveal(ui.answer.hidden);
                break;
            case "ArrowRight": e.preventDefault(); go(1, true); break;
            case "ArrowLeft": e.preventDefault(); go(-1, true); break;
            case "1": e.preventDefault(); mark("known"); break;
            case "2": e.preventDefault(); mark("unknown"); break;
        }
    });

    renderSummary();
    applyFilters();
})();
