// Offline API reference: reads /openapi/v1.json, lists every operation with its request/response schemas and a
// "try it" box that sends the request from the browser (same origin, so no proxy and no external requests).
(function () {
    "use strict";
    var root = document.getElementById("api-docs");
    if (!root) return;
    var en = (document.documentElement.lang || "").indexOf("en") === 0;
    var T = en ? { send: "Send", body: "Request body", responses: "Responses", schema: "Schema", status: "Status", failed: "Could not load the OpenAPI document" }
        : { send: "发送", body: "请求体", responses: "响应", schema: "结构", status: "状态", failed: "无法加载 OpenAPI 文档" };
    // A request body's starting value: the example the server puts in the OpenAPI document (the schemas say what else is allowed).
    function example(op) {
        var media = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
        return media && media.example !== undefined ? media.example : {};
    }

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) e.className = cls;
        if (text !== undefined) e.textContent = text;
        return e;
    }
    function resolve(doc, schema, depth) {
        if (!schema || depth > 6) return schema;
        if (schema.$ref) {
            var name = schema.$ref.split("/").pop();
            return resolve(doc, (doc.components && doc.components.schemas || {})[name], depth + 1);
        }
        var copy = {};
        Object.keys(schema).forEach(function (k) {
            var v = schema[k];
            if (k === "properties") {
                copy.properties = {};
                Object.keys(v).forEach(function (p) { copy.properties[p] = resolve(doc, v[p], depth + 1); });
            } else if (k === "items") {
                copy.items = resolve(doc, v, depth + 1);
            } else {
                copy[k] = v;
            }
        });
        return copy;
    }
    function schemaBlock(doc, content) {
        var json = content && content["application/json"] || content && content["application/problem+json"];
        if (!json || !json.schema) return null;
        var d = el("details");
        d.appendChild(el("summary", null, T.schema));
        d.appendChild(el("pre", "calc-json", JSON.stringify(resolve(doc, json.schema, 0), null, 2)));
        return d;
    }

    fetch("/openapi/v1.json").then(function (r) { return r.json(); }).then(function (doc) {
        root.textContent = "";
        Object.keys(doc.paths).forEach(function (path) {
            Object.keys(doc.paths[path]).forEach(function (method) {
                var op = doc.paths[path][method];
                var sec = el("section", "api-op");
                var h = el("h2");
                h.appendChild(el("span", "api-method api-" + method, method.toUpperCase()));
                h.appendChild(el("code", null, " " + path));
                sec.appendChild(h);
                if (op.summary) sec.appendChild(el("p", null, op.summary));
                if (op.requestBody) {
                    sec.appendChild(el("h3", null, T.body));
                    var s = schemaBlock(doc, op.requestBody.content);
                    if (s) sec.appendChild(s);
                }
                var codes = Object.keys(op.responses || {});
                sec.appendChild(el("p", "muted", T.responses + ": " + codes.join(", ")));
                var params = (op.parameters || []).filter(function (p) { return p.in === "path"; });
                if (params.length === 0) {
                    var box = el("div", "api-try");
                    var editor = null;
                    if (method !== "get") {
                        editor = el("textarea", "calc-editor");
                        editor.rows = 6;
                        editor.spellcheck = false;
                        editor.setAttribute("aria-label", T.body);
                        editor.value = JSON.stringify(example(op), null, 2);
                        box.appendChild(editor);
                    }
                    var button = el("button", "calc-run", T.send);
                    button.type = "button";
                    var out = el("pre", "calc-json");
                    out.hidden = true;
                    button.addEventListener("click", function () {
                        var init = { method: method.toUpperCase(), headers: { "Accept": "application/json" } };
                        if (editor) { init.body = editor.value; init.headers["Content-Type"] = "application/json"; }
                        fetch(path, init).then(function (res) {
                            return res.text().then(function (text) {
                                var shown = text;
                                try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON */ }
                                out.textContent = T.status + " " + res.status + "\n" + shown;
                                out.hidden = false;
                            });
                        });
                    });
                    box.appendChild(button);
                    box.appendChild(out);
                    sec.appendChild(box);
                }
                root.appendChild(sec);
            });
        });
    }).catch(function (e) { root.textContent = T.failed + ": " + e; });
})();
