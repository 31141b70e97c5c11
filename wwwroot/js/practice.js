// Practice mode (刷题): one question at a time, answer hidden until revealed, 会/不会 marks kept in localStorage
// under "kb-practice" as { "<article slug>": { "status": "known" | "unknown", "at": "<ISO time>",
// "category": "<slug>", "difficulty": 1-3 } } (category and difficulty let the counts be made without the full list).
// Questions load on demand: the page embeds (#practice-data) the category counts and the first questions without
// answers; other questions come from /api/practice a window at a time, an answer from /api/practice/{slug}.
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

    var PAGE = 20;
    var progress = load();
    // Windows of questions per filter ("category|difficulty"): total and pages of PAGE questions by page number.
    var sources = { "|": { total: data.total, pages: {}, first: data.questions } };
    var answers = {};
    // The current list: offsets into the filtered questions in the order shown; with "todo" only the ones found not
    // known so far (found), discovered by walking order from scan.
    var view = null;
    var index = 0;
    var showing = 0;
    var current = null;

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
    function getJson(url) {
        return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
            if (!r.ok) throw new Error(url + ": " + r.status);
            return r.json().then(function (body) { return { body: body, total: Number(r.headers.get("X-Total-Count")) }; });
        });
    }

    function sourceOf(key) {
        if (!sources[key]) sources[key] = { total: null, pages: {}, first: [] };
        return sources[key];
    }
    function fetchPage(key, page) {
        var source = sourceOf(key);
        if (!source.pages[page]) {
            var parts = key.split("|");
            var params = new URLSearchParams({ limit: String(PAGE), offset: String(page * PAGE) });
            if (parts[0]) params.set("category", parts[0]);
            if (parts[1]) params.set("difficulty", parts[1]);
            source.pages[page] = getJson("/api/practice?" + params.toString()).then(function (r) {
                source.total = r.total;
                r.body.forEach(function (q) { answers[q.slug] = q; });
                return r.body;
            }, function (e) { delete source.pages[page]; throw e; });
        }
        return source.pages[page];
    }
    function totalOf(key) {
        var source = sourceOf(key);
        return source.total !== null ? Promise.resolve(source.total) : fetchPage(key, 0).then(function () { return source.total; });
    }
    function questionAt(key, offset) {
        var source = sourceOf(key);
        if (offset < source.first.length) return Promise.resolve(source.first[offset]);
        return fetchPage(key, Math.floor(offset / PAGE)).then(function (list) { return list[offset % PAGE] || null; });
    }
    function knownIn(f) {
        return Object.keys(progress).filter(function (slug) {
            var e = progress[slug];
            return e && e.status === "known" && e.category && (!f.category.value || e.category === f.category.value)
                && (!f.difficulty.value || String(e.difficulty) === f.difficulty.value);
        }).length;
    }

    function applyFilters() {
        var f = ui.filters;
        var key = f.category.value + "|" + f.difficulty.value;
        var random = f.order.value === "random";
        var todo = f.scope.value === "todo";
        // The address keeps the filters for reload and sharing; other parameters (e.g. culture) stay.
        var params = new URLSearchParams(location.search);
        var chosen = {
            category: f.category.value, difficulty: f.difficulty.value,
            order: random ? "random" : "", scope: todo ? "todo" : ""
        };
        Object.keys(chosen).forEach(function (k) { if (chosen[k]) params.set(k, chosen[k]); else params.delete(k); });
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
        var token = ++showing;
        totalOf(key).then(function (total) {
            if (token !== showing) return;
            var order = [];
            for (var n = 0; n < total; n++) order.push(n);
            if (random) {
                for (var i = order.length - 1; i > 0; i--) {
                    var j = Math.floor(Math.random() * (i + 1));
                    var t = order[i]; order[i] = order[j]; order[j] = t;
                }
            }
            view = { key: key, order: order, todo: todo, found: [], scan: 0, count: todo ? Math.max(0, total - knownIn(f)) : total };
            index = 0;
            show();
        }, failed);
    }

    // The question at position i of the view, or null past its end.
    function at(i) {
        var v = view;
        if (!v.todo) return i < v.order.length ? questionAt(v.key, v.order[i]) : Promise.resolve(null);
        if (i < v.found.length) return questionAt(v.key, v.found[i]);
        if (v.scan >= v.order.length) return Promise.resolve(null);
        var offset = v.order[v.scan++];
        return questionAt(v.key, offset).then(function (q) {
            if (q && statusOf(q.slug) !== "known") v.found.push(offset);
            return at(i);
        });
    }

    function failed() {
        ui.live.textContent = labels.failed;
        ui.empty.hidden = false;
        ui.empty.textContent = labels.failed;
    }

    function show() {
        var token = ++showing;
        if (view.count === 0) return render(null);
        at(index).then(function (q) {
            if (token !== showing) return;
            if (!q && view.todo && index > 0) {
                // Fewer left than counted (marks from an older version carry no category): the list ends here.
                view.count = view.found.length;
                index = Math.max(0, view.count - 1);
                return show();
            }
            render(q);
        }, failed);
    }

    function render(q) {
        var empty = !q;
        ui.card.hidden = empty;
        ui.empty.hidden = !empty;
        ui.empty.textContent = empty ? labels.empty : "";
        current = q;
        if (empty) return;
        ui.position.textContent = format(labels.position, index + 1, view.count);
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
        ui.note.textContent = "";
        ui.link.href = q.url;
        ui.link.textContent = labels.readMore + " →";
        ui.prev.disabled = index === 0;
        ui.next.disabled = index >= view.count - 1;
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

    function answerOf(q) {
        if (answers[q.slug]) return Promise.resolve(answers[q.slug]);
        return getJson("/api/practice/" + encodeURIComponent(q.slug)).then(function (r) { return (answers[q.slug] = r.body); });
    }

    function setReveal(open) {
        var q = current;
        if (open && q && !ui.answerBody.firstChild) {
            ui.answerBody.textContent = labels.loading;
            answerOf(q).then(function (full) {
                if (current !== q) return;
                // answerHtml is the importer's sanitized article HTML, safe to insert as is.
                ui.answerBody.innerHTML = full.answerHtml;
                ui.note.textContent = full.isSummary ? labels.summaryNote : "";
                if (window.KB && window.KB.enhance) window.KB.enhance(ui.answerBody);
            }, function () { if (current === q) ui.answerBody.textContent = labels.failed; });
        }
        ui.answer.hidden = !open;
        ui.reveal.setAttribute("aria-expanded", String(open));
        ui.reveal.textContent = open ? labels.hide : labels.reveal;
    }

    function go(delta, focusTitle) {
        var target = index + delta;
        if (!view || target < 0 || target >= view.count) return;
        index = target;
        show();
        // Focus follows the question so that screen readers announce it and Space reveals its answer.
        if (focusTitle) ui.title.focus();
    }

    function mark(status) {
        var q = current;
        if (!q) return;
        progress[q.slug] = { status: status, at: new Date().toISOString(), category: q.category, difficulty: q.difficulty };
        save();
        renderSummary();
        showStatus(q);
        ui.live.textContent = format(labels.marked, labels[status]);
        go(1, true);
    }

    function renderSummary() {
        var tbody = ui.summary.tBodies[0];
        var marked = {};
        Object.keys(progress).forEach(function (slug) {
            var e = progress[slug], s = statusOf(slug);
            if (s === "unseen" || !e.category) return;
            marked[e.category] = marked[e.category] || { known: 0, unknown: 0 };
            marked[e.category][s]++;
        });
        var totals = { known: 0, unknown: 0, unseen: 0 };
        tbody.textContent = "";
        data.categories.forEach(function (c) {
            var m = marked[c.slug] || { known: 0, unknown: 0 };
            var counts = { known: m.known, unknown: m.unknown, unseen: Math.max(0, c.count - m.known - m.unknown) };
            tbody.appendChild(row(c.name, c.slug, counts, "td"));
            Object.keys(totals).forEach(function (k) { totals[k] += counts[k]; });
        });
        ui.summary.tFoot.textContent = "";
        ui.summary.tFoot.appendChild(row(labels.total, "", totals, "th"));
    }

    // Marks saved before the category was stored with them are completed once, so that they count.
    function completeOldMarks() {
        var old = Object.keys(progress).filter(function (slug) { return statusOf(slug) !== "unseen" && !progress[slug].category; }).slice(0, 200);
        if (!old.length) return;
        Promise.all(old.map(function (slug) {
            return answerOf({ slug: slug }).then(function (q) {
                progress[slug].category = q.category;
                progress[slug].difficulty = q.difficulty;
            }, function () { /* gone or offline: the mark stays as it is */ });
        })).then(function () { save(); renderSummary(); });
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
        if (current) showStatus(current);
    });
    Object.keys(ui.filters).forEach(function (k) { ui.filters[k].addEventListener("change", applyFilters); });
    // Another tab marked something: keep this tab's counts honest.
    window.addEventListener("storage", function (e) {
        if (e.key !== STORE_KEY) return;
        progress = load();
        renderSummary();
        if (current) showStatus(current);
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
    completeOldMarks();
    applyFilters();
})();
