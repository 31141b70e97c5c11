// /calc: each form builds the JSON body of its endpoint (see docs/calculators.md) and shows the answer via KbCalc.
(function () {
    "use strict";
    var core = window.KbCalc;
    if (!core) return;

    function ints(text) {
        var t = text.trim();
        if (!t) return undefined;
        var parts = t.split(/[\s,×x]+/).filter(Boolean).map(Number);
        return parts.length === 1 ? parts[0] : parts;
    }
    function list(text) { var v = ints(text); return v === undefined ? undefined : [].concat(v); }
    function number(text) { var t = text.trim(); return t ? Number(t) : undefined; }
    function rows(text) {
        var t = text.trim();
        if (!t) return undefined;
        if (t.charAt(0) === "[") return JSON.parse(t);
        return t.split(/\n/).map(function (line) { return line.trim().split(/[\s,]+/).filter(Boolean).map(Number); });
    }
    function json(text) { var t = text.trim(); return t ? JSON.parse(t) : undefined; }

    var builders = {
        "params": function (f) {
            return { convention: f.convention.value, inputShape: list(f.inputShape.value), layers: json(f.layers.value) };
        },
        "pool": function (f) {
            var r = { mode: f.mode.value, input: rows(f.input.value), kernelSize: ints(f.kernelSize.value), stride: ints(f.stride.value),
                padding: ints(f.padding.value), ceilMode: f.ceilMode.checked, gradOutput: rows(f.gradOutput.value) };
            if (r.mode === "max") r.dilation = ints(f.dilation.value); else r.countIncludePad = f.countIncludePad.checked;
            return r;
        },
        "receptive-field": function (f) { return { inputSize: number(f.inputSize.value), layers: json(f.layers.value) }; },
        "batchnorm": function (f) { return { batches: json(f.batches.value), momentum: number(f.momentum.value), eps: number(f.eps.value) }; },
        "normalization": function (f) {
            var r = { kind: f.kind.value, shape: list(f.shape.value), input: json(f.input.value) };
            if (r.kind === "group") r.numGroups = number(f.numGroups.value);
            return r;
        }
    };

    document.querySelectorAll("form.calc-form").forEach(function (form) {
        var endpoint = form.dataset.endpoint;
        var out = form.parentElement.querySelector(".calc-result");
        function run() {
            var request;
            try { request = builders[endpoint](form.elements); } catch (e) {
                out.textContent = "";
                out.appendChild(core.renderError({ title: core.text.badJson, detail: String(e.message || e) }));
                return;
            }
            core.post(endpoint, request).then(function (r) { core.show(out, endpoint, r); });
        }
        form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
        form.querySelectorAll("[data-preset]").forEach(function (b) {
            b.addEventListener("click", function () {
                var p = JSON.parse(b.dataset.preset);
                form.elements.convention.value = p.convention;
                form.elements.inputShape.value = p.inputShape;
                form.elements.layers.value = JSON.stringify(p.layers, null, 2);
                run();
            });
        });
        run();
    });
})();
