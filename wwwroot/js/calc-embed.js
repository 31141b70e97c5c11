// Calculator core (POST to /api/calc/{endpoint}, render answers) and the article widgets: every
// <pre><code class="language-calc">{"endpoint": ..., "request": {...}}</code></pre> becomes a live calculator
// with editable JSON and a re-run button. /calc (calc.js) uses the same core through window.KbCalc.
(function () {
    "use strict";
    var en = (document.documentElement.lang || "").indexOf("en") === 0;
    var T = en
        ? { run: "Run", total: "Total", trainable: "trainable", nonTrainable: "non-trainable", layer: "Layer", type: "Type", params: "Params",
            formula: "Formula", shape: "Output shape", output: "Output", indices: "Indices (flat, row-major)", grad: "Gradient w.r.t. input",
            rf: "Receptive field", size: "Output size", jump: "Jump", start: "Start", step: "Batch", mean: "Batch mean", var: "Batch variance (biased)",
            rmean: "Running mean", rvar: "Running variance", normalized: "Normalized", sets: "Statistic sets", perSet: "Elements per set",
            affine: "Affine parameters (γ, β)", over: "Normalized over", error: "Error", badJson: "Not valid JSON", request: "Request (JSON)",
            calculator: "Calculator", failed: "Request failed", feature: "Feature" }
        : { run: "运行", total: "总计", trainable: "可训练", nonTrainable: "不可训练", layer: "层", type: "类型", params: "参数量",
            formula: "公式", shape: "输出形状", output: "输出", indices: "最大值下标（按行展平）", grad: "对输入的梯度",
            rf: "感受野", size: "输出尺寸", jump: "跳步", start: "起点", step: "批次", mean: "批均值", var: "批方差（有偏）",
            rmean: "滑动均值", rvar: "滑动方差", normalized: "归一化结果", sets: "统计量组数", perSet: "每组元素数",
            affine: "仿射参数（γ, β）", over: "归一化维度", error: "错误", badJson: "JSON 格式不正确", request: "请求（JSON）",
            calculator: "计算器", failed: "请求失败", feature: "特征" };

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) e.className = cls;
        if (text !== undefined && text !== null) e.textContent = String(text);
        return e;
    }
    function num(v) {
        return typeof v === "number" && !Number.isInteger(v) ? String(Math.round(v * 1e6) / 1e6) : String(v);
    }
    function table(head, rows) {
        var t = el("table", "calc-table"), tr = el("tr");
        head.forEach(function (h) { tr.appendChild(el("th", null, h)); });
        t.appendChild(el("thead")).appendChild(tr);
        var body = el("tbody");
        rows.forEach(function (r) {
            var row = el("tr");
            r.forEach(function (c) { row.appendChild(el("td", null, c)); });
            body.appendChild(row);
        });
        t.appendChild(body);
        return t;
    }
    function matrix(title, m) {
        var box = el("div", "calc-matrix");
        box.appendChild(el("div", "calc-label", title));
        var t = el("table", "calc-grid");
        m.forEach(function (r) {
            var row = el("tr");
            (Array.isArray(r) ? r : [r]).forEach(function (v) { row.appendChild(el("td", null, num(v))); });
            t.appendChild(row);
        });
        box.appendChild(t);
        return box;
    }
    function kv(pairs) {
        var dl = el("dl", "calc-kv");
        pairs.forEach(function (p) { dl.appendChild(el("dt", null, p[0])); dl.appendChild(el("dd", null, p[1])); });
        return dl;
    }
    function shape(s) { return s ? "[" + s.join(", ") + "]" : "—"; }

    var renderers = {
        "params": function (r) {
            var box = el("div");
            box.appendChild(kv([[T.total, r.totalParams.toLocaleString("en-US")], [T.trainable, r.trainableParams.toLocaleString("en-US")],
                [T.nonTrainable, r.nonTrainableParams.toLocaleString("en-US")]]));
            box.appendChild(table([T.layer, T.type, T.params, T.formula, T.shape], r.layers.map(function (l) {
                return [l.index, l.type, l.params.toLocaleString("en-US"), l.formula, shape(l.outputShape)];
            })));
            return box;
        },
        "pool": function (r) {
            var box = el("div", "calc-matrices");
            box.appendChild(matrix(T.output + " " + shape(r.outputShape), r.output));
            if (r.indices) box.appendChild(matrix(T.indices, r.indices));
            box.appendChild(matrix(T.grad, r.gradInput));
            return box;
        },
        "receptive-field": function (r) {
            var box = el("div");
            box.appendChild(kv([[T.rf, r.receptiveField], [T.jump, r.jump], [T.start, num(r.start)]]));
            box.appendChild(table([T.layer, T.type, T.size, T.rf, T.jump, T.start], r.layers.map(function (l) {
                return [l.index, l.type, l.outputSize === null ? "—" : l.outputSize, l.receptiveField, l.jump, num(l.start)];
            })));
            box.appendChild(el("p", "calc-formula", "r_l = r_{l-1} + (k_l - 1)·j_{l-1},  j_l = j_{l-1}·s_l,  start_l = start_{l-1} + ((k_l - 1)/2 - p_l)·j_{l-1}"));
            return box;
        },
        "batchnorm": function (r) {
            var box = el("div");
            r.steps.forEach(function (s, i) {
                // Not a heading: the widget sits at any depth of an article's outline.
                box.appendChild(el("p", "calc-label", T.step + " " + (i + 1)));
                box.appendChild(table([T.feature, T.mean, T.var, T.rmean, T.rvar], s.batchMean.map(function (_, j) {
                    return ["x" + j, num(s.batchMean[j]), num(s.batchVar[j]), num(s.runningMean[j]), num(s.runningVar[j])];
                })));
                box.appendChild(matrix(T.normalized, s.normalized));
            });
            box.appendChild(el("p", "calc-formula", "running = (1 - momentum)·running + momentum·batch  (running_var uses the unbiased variance)"));
            return box;
        },
        "normalization": function (r) {
            var box = el("div");
            box.appendChild(kv([[T.sets, r.statisticSets.toLocaleString("en-US")], [T.perSet, r.elementsPerSet.toLocaleString("en-US")],
                [T.affine, r.affineParams.toLocaleString("en-US")], [T.over, "(" + r.normalizedOver.join(", ") + ")"]]));
            if (r.normalized) box.appendChild(el("pre", "calc-json", JSON.stringify(r.normalized, function (k, v) {
                return typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v;
            })));
            return box;
        }
    };

    function renderError(p) {
        var box = el("div", "calc-error");
        box.setAttribute("role", "alert");
        box.appendChild(el("strong", null, T.error + (p.field ? " · " + p.field : "")));
        box.appendChild(el("span", null, " " + (p.detail || p.title || T.failed)));
        return box;
    }

    // Resolves to {ok, body}; never rejects (network errors become a problem-shaped body).
    function post(endpoint, request) {
        return fetch("/api/calc/" + endpoint, {
            method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" }, body: JSON.stringify(request)
        }).then(function (res) {
            return res.json().catch(function () { return { title: T.failed + " (" + res.status + ")" }; })
                .then(function (body) { return { ok: res.ok, body: body }; });
        }, function (e) { return { ok: false, body: { title: T.failed, detail: String(e) } }; });
    }

    function show(target, endpoint, result) {
        target.textContent = "";
        target.appendChild(result.ok ? renderers[endpoint](result.body) : renderError(result.body));
    }

    // One renderer per calculator of the server's list (CalculatorsApi.Endpoints); a test keeps the two in step.
    var endpoints = Object.keys(renderers);
    window.KbCalc = { post: post, show: show, renderError: renderError, endpoints: endpoints, text: T };

    // ---- article widgets ----
    function widget(code) {
        var pre = code.parentElement;
        var spec;
        try { spec = JSON.parse(code.textContent); } catch (e) { spec = null; }
        var box = el("div", "calc-embed");
        if (!spec || endpoints.indexOf(spec.endpoint) < 0 || typeof spec.request !== "object") {
            box.appendChild(renderError({ title: T.badJson, detail: code.textContent.slice(0, 200) }));
            pre.parentNode.replaceChild(box, pre);
            return;
        }
        var head = el("div", "calc-embed-head");
        head.appendChild(el("strong", null, T.calculator + " · " + spec.endpoint));
        var link = el("a", null, "/calc");
        link.href = "/calc#" + spec.endpoint;
        head.appendChild(link);
        box.appendChild(head);
        var details = el("details");
        details.appendChild(el("summary", null, T.request));
        var editor = el("textarea", "calc-editor");
        editor.spellcheck = false;
        editor.value = JSON.stringify(spec.request, null, 2);
        editor.rows = Math.min(16, editor.value.split("\n").length + 1);
        editor.setAttribute("aria-label", T.request);
        details.appendChild(editor);
        var button = el("button", "calc-run", T.run);
        button.type = "button";
        details.appendChild(button);
        box.appendChild(details);
        var out = el("div", "calc-result");
        out.setAttribute("aria-live", "polite");
        box.appendChild(out);
        pre.parentNode.replaceChild(box, pre);

        function run() {
            var request;
            try { request = JSON.parse(editor.value); } catch (e) {
                out.textContent = "";
                out.appendChild(renderError({ title: T.badJson, detail: String(e.message || e) }));
                return;
            }
            button.disabled = true;
            post(spec.endpoint, request).then(function (r) { show(out, spec.endpoint, r); button.disabled = false; });
        }
        button.addEventListener("click", run);
        run();
    }

    document.querySelectorAll(".article-body pre > code.language-calc").forEach(widget);
})();
