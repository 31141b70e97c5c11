// Calculator pages (/calculators/…) and article embeds, live. The form's fields are named by the JSON path of their
// value (kernelSize, input[2][3], layers[1].outChannels), as in CalcForm.cs: the form becomes the body of
// POST /api/calc/{name}, and an error's `field` finds its slot. When the API accepts the input, the picture and
// tables are fetched from the page itself with the new query string (the same server code that drew them without
// JavaScript), and the address bar keeps the state shareable. No inline script or style: classes only.
(function () {
    "use strict";

    // ---- form ↔ JSON (the rules of CalcForm.cs) ----
    function number(t) {
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
        var n = Number(t);
        return isFinite(n) ? n : null;
    }
    function value(text) {
        var t = String(text).trim();
        if (!t) return undefined;
        if (t === "true" || t === "false") return t === "true";
        var n = number(t);
        if (n !== null) return n;
        var parts = t.split(/[,\s×;]+/).filter(Boolean);
        if (parts.length > 1 && parts.every(function (p) { return number(p) !== null; })) return parts.map(number);
        return t;
    }
    function parsePath(name) {
        var path = [], re = /([^.[\]]+)|\[(\d+)\]/g, m;
        while ((m = re.exec(name))) path.push(m[2] !== undefined ? Number(m[2]) : m[1]);
        return path.length && typeof path[0] === "string" ? path : null;
    }
    function set(root, path, v) {
        var node = root;
        for (var i = 0; i < path.length; i++) {
            var key = path[i], last = i === path.length - 1;
            if ((typeof key === "number") !== Array.isArray(node)) return;
            if (Array.isArray(node)) { while (node.length <= key) node.push(null); }
            if (last) { node[key] = v; return; }
            if (node[key] === null || typeof node[key] !== "object") node[key] = typeof path[i + 1] === "number" ? [] : {};
            node = node[key];
        }
    }
    function fields(form) {
        var last = {};
        new FormData(form).forEach(function (v, k) { last[k] = String(v); }); // the last value wins (checkbox after hidden)
        return last;
    }
    function body(form, skip) {
        var root = {}, f = fields(form);
        Object.keys(f).forEach(function (k) {
            if (skip && k.indexOf(skip) === 0) return;
            var v = value(f[k]), p = parsePath(k);
            if (v !== undefined && p) set(root, p, v);
        });
        return root;
    }
    // JSON → query string (CalcForm.FromJson): nested values become path=value pairs, a list of sizes one "2,3".
    function flatten(v, path, out) {
        var sizes = Array.isArray(v) && path.slice(-1) !== "]" && v.length > 0 && v.every(function (x) { return typeof x === "number"; });
        if (sizes) out.append(path, v.join(","));
        else if (Array.isArray(v)) v.forEach(function (x, i) { flatten(x, path + "[" + i + "]", out); });
        else if (v !== null && typeof v === "object") Object.keys(v).forEach(function (k) { flatten(v[k], path ? path + "." + k : k, out); });
        else if (v !== null && v !== undefined) out.append(path, String(v));
        return out;
    }

    // ---- requests ----
    function post(name, request) {
        return fetch("/api/calc/" + name, {
            method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" }, body: JSON.stringify(request)
        }).then(function (res) {
            return res.json().catch(function () { return { title: "HTTP " + res.status }; })
                .then(function (b) { return { ok: res.ok, body: b }; });
        }, function (e) { return { ok: false, body: { field: "$", title: String(e) } }; });
    }
    function fetchOutput(url) {
        return fetch(url, { headers: { "Accept": "text/html" } }).then(function (res) { return res.text(); }).then(function (html) {
            return new DOMParser().parseFromString(html, "text/html").querySelector("[data-calc-output]");
        });
    }

    // ---- errors next to their fields ----
    function slotFor(scope, field) {
        var f = field || "$";
        while (f) {
            var slot = scope.querySelector('[data-error-for="' + CSS.escape(f) + '"]');
            if (slot) return slot;
            var cut = Math.max(f.lastIndexOf("["), f.lastIndexOf("."));
            f = cut > 0 ? f.slice(0, cut) : "";
        }
        return scope.querySelector('[data-error-for="$"]');
    }
    function clearErrors(scope) {
        scope.querySelectorAll("[data-error-for]").forEach(function (s) { s.textContent = ""; });
        scope.querySelectorAll('[aria-invalid="true"]').forEach(function (i) { i.removeAttribute("aria-invalid"); });
    }
    function showError(scope, problem) {
        clearErrors(scope);
        var field = problem.field || "$", slot = slotFor(scope, field);
        var message = problem.detail || problem.title || "Error";
        if (slot) slot.textContent = (slot.dataset.errorFor === field || field === "$" ? "" : field + ": ") + message;
        var input = scope.querySelector('[name="' + CSS.escape(field) + '"]:not([type=hidden])');
        if (input) input.setAttribute("aria-invalid", "true");
    }

    // ---- grids ----
    function resizeGrid(table, rows, cols) {
        var prefix = table.dataset.grid, fallback = table.dataset.default || "0";
        var caption = table.caption ? table.caption.textContent : prefix;
        var old = {};
        table.querySelectorAll("input").forEach(function (i) { old[i.name] = i.value; });
        var tbody = table.tBodies[0];
        var current = tbody.rows.length, currentCols = current ? tbody.rows[0].cells.length : 0;
        if (current === rows && currentCols === cols) return false;
        tbody.textContent = "";
        for (var r = 0; r < rows; r++) {
            var tr = document.createElement("tr");
            for (var c = 0; c < cols; c++) {
                var td = document.createElement("td"), input = document.createElement("input"), name = prefix + "[" + r + "][" + c + "]";
                input.name = name;
                input.value = name in old ? old[name] : fallback;
                input.autocomplete = "off";
                input.inputMode = "decimal";
                input.setAttribute("aria-label", caption + " " + (r + 1) + ", " + (c + 1));
                td.appendChild(input);
                tr.appendChild(td);
            }
            tbody.appendChild(tr);
        }
        return true;
    }

    // ---- a calculator page ----
    function page(form) {
        var name = form.dataset.calc, seq = 0, timer = 0;
        var output = document.querySelector("[data-calc-output]");
        function update() {
            var mine = ++seq;
            // Looked up each time: a relayout replaces the form's controls.
            var follower = form.querySelector("[data-shape-from]"); // a grid shaped like a result (pooling's upstream gradient)
            var first = follower
                ? post(name, body(form, follower.dataset.grid + "[")).then(function (r) {
                    if (r.ok) {
                        var shape = r.body[follower.dataset.shapeFrom];
                        resizeGrid(follower, shape[0], shape[1]);
                        return post(name, body(form));
                    }
                    return r;
                })
                : post(name, body(form));
            first.then(function (r) {
                if (mine !== seq) return;
                if (!r.ok) { showError(form, r.body); form.dataset.state = "error"; return; }
                clearErrors(form);
                var query = new URLSearchParams(new FormData(form)).toString();
                var url = location.pathname + "?" + query;
                history.replaceState(null, "", url);
                return fetchOutput(url).then(function (fresh) {
                    if (mine !== seq || !fresh || !output) return;
                    output.replaceChildren.apply(output, Array.prototype.slice.call(fresh.childNodes));
                    form.dataset.state = "ok";
                });
            });
        }
        function later() { clearTimeout(timer); form.dataset.state = "pending"; timer = setTimeout(update, 250); }

        // A new layer type, a new number of batches or a row button (add, remove, move) changes which fields exist:
        // the server lays the form out again (the same code as without JavaScript, following its redirect for the row
        // buttons), and its controls and result replace the current ones in place, without a page load; focus goes
        // back to the control that was used.
        function relayout(changed, submitter) {
            var mine = ++seq;
            clearTimeout(timer);
            form.dataset.state = "pending";
            var data = submitter ? new FormData(form, submitter) : new FormData(form);
            var url = location.pathname + "?" + new URLSearchParams(data).toString();
            var again = '[name="' + CSS.escape(changed.name) + '"]' + (submitter ? '[value="' + CSS.escape(changed.value) + '"]' : "");
            fetch(url, { headers: { "Accept": "text/html" } }).then(function (res) {
                return res.text().then(function (html) { return { url: res.url, html: html }; });
            }).then(function (r) {
                if (mine !== seq) return;
                var doc = new DOMParser().parseFromString(r.html, "text/html");
                var freshForm = doc.querySelector('form[data-calc="' + CSS.escape(name) + '"]');
                if (!freshForm) { location.assign(url); return; }
                history.replaceState(null, "", r.url);
                form.replaceChildren.apply(form, Array.prototype.slice.call(freshForm.childNodes));
                var freshOut = doc.querySelector("[data-calc-output]");
                if (freshOut && output) output.replaceChildren.apply(output, Array.prototype.slice.call(freshOut.childNodes));
                var target = form.querySelector(again) || form.querySelector("input, select, button");
                if (target) target.focus();
                form.dataset.state = "ok";
            }, function () { location.assign(url); });
        }
        form.addEventListener("submit", function (e) {
            var b = e.submitter;
            if (b && b.name === "op") { e.preventDefault(); relayout(b, b); }
        });

        form.addEventListener("input", function (e) {
            var t = e.target;
            if (t.dataset.resize) {
                var table = form.querySelector('[data-grid="' + t.dataset.resize + '"]');
                var rows = form.querySelector('[data-resize="' + t.dataset.resize + '"][data-axis="rows"]');
                var cols = form.querySelector('[data-resize="' + t.dataset.resize + '"][data-axis="cols"]');
                var r = Math.min(Math.max(parseInt(rows.value, 10) || 1, 1), 16), c = Math.min(Math.max(parseInt(cols.value, 10) || 1, 1), 16);
                resizeGrid(table, r, c);
            }
            later();
        });
        form.addEventListener("change", function (e) {
            // A new layer type has other arguments: let the server lay the row out again.
            if (e.target.matches("[data-submit-on-change]")) { relayout(e.target); return; }
            if (e.target.type === "checkbox" || e.target.tagName === "SELECT") later();
        });
        // Delegated, so that it holds for controls a relayout brings.
        form.addEventListener("click", function (e) {
            var b = e.target.closest && e.target.closest("[data-random]");
            if (!b || !form.contains(b)) return;
            e.preventDefault();
            form.querySelectorAll('[data-grid="' + b.dataset.random + '"] input').forEach(function (i) {
                i.value = String(Math.floor(Math.random() * 13) - 3);
            });
            later();
        });
    }

    // ---- hover or focus an output cell: its window and the cells it sends gradient to ----
    function highlight(out, on) {
        var svg = out.closest("svg");
        out.classList.toggle("on", on);
        var win = svg.querySelector('.window[data-out="' + out.dataset.out + '"]');
        if (win) win.classList.toggle("on", on);
        (out.dataset.targets || "").split(";").filter(Boolean).forEach(function (cell) {
            var a = svg.querySelector('.panel-in [data-cell="' + cell + '"]'), b = svg.querySelector('.panel-grad [data-cell="' + cell + '"]');
            if (a) a.classList.toggle("hl", on);
            if (b) b.classList.toggle("tg", on);
        });
    }
    ["mouseover", "focusin"].forEach(function (type) {
        document.addEventListener(type, function (e) { var o = e.target.closest && e.target.closest(".calc-svg .out"); if (o) highlight(o, true); });
    });
    ["mouseout", "focusout"].forEach(function (type) {
        document.addEventListener(type, function (e) { var o = e.target.closest && e.target.closest(".calc-svg .out"); if (o) highlight(o, false); });
    });

    // ---- an article embed: edit the request, see the same picture ----
    function embed(box) {
        var name = box.dataset.calc, editor = box.querySelector("textarea[data-calc-request]"), link = box.querySelector("a[data-calc-link]");
        var result = box.querySelector("[data-calc-result]"), seq = 0, timer = 0;
        if (!editor || !result) return;
        function update() {
            var mine = ++seq, request;
            try { request = JSON.parse(editor.value); } catch (e) { showError(box, { field: "$", detail: String(e.message || e) }); return; }
            post(name, request).then(function (r) {
                if (mine !== seq) return;
                if (!r.ok) { showError(box, r.body); box.dataset.state = "error"; return; }
                clearErrors(box);
                var url = link.pathname + "?" + flatten(request, "", new URLSearchParams()).toString();
                link.href = url;
                return fetchOutput(url).then(function (fresh) {
                    var body = fresh && fresh.querySelector("[data-calc-result]");
                    if (mine !== seq || !body) return;
                    result.replaceChildren.apply(result, Array.prototype.slice.call(body.childNodes));
                    box.dataset.state = "ok";
                });
            });
        }
        editor.addEventListener("input", function () { clearTimeout(timer); box.dataset.state = "pending"; timer = setTimeout(update, 300); });
    }

    document.querySelectorAll("form[data-calc]").forEach(page);
    document.querySelectorAll(".calc-embed[data-calc]").forEach(embed);
})();
