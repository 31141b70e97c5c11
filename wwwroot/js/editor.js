// The article editor (/edit/{slug}, /new): Markdown toolbar, live preview rendered by the server (/api/preview:
// the same Markdig + sanitizer + server-drawn calculator blocks as articles, then KaTeX and highlighting as on the
// article page),
// image upload, and a local draft so a closed tab or a crash loses nothing.
(function () {
    "use strict";
    var form = document.getElementById("edit-form");
    if (!form) return;
    var textarea = document.getElementById("edit-markdown");
    var preview = document.getElementById("edit-preview");
    var status = document.getElementById("edit-status");
    var category = form.querySelector("[name=Category]");
    var token = form.querySelector("[name=__RequestVerificationToken]");
    var draftKey = form.dataset.draftKey;
    var fields = ["Title", "TitleEn", "Slug", "Category", "Tags", "Keywords", "Difficulty", "Markdown", "Message"];

    function say(text) { status.textContent = text; }

    // ---- toolbar ----
    var snippets = {
        heading: ["\n## ", "", "标题\n"],
        bold: ["**", "", "**"],
        code: ["\n```python\n", "", "\n```\n"],
        math: ["$", "", "$"],
        link: ["[", "", "](https://)"],
        image: ["![", "", "](image.png)"],
        calc: ["\n```calc\n{\"endpoint\": \"params\", \"request\": {\"layers\": [{\"type\": \"linear\", \"inFeatures\": 4, \"outFeatures\": 2}]}}\n", "", "```\n"]
    };
    function insert(before, after) {
        var start = textarea.selectionStart, end = textarea.selectionEnd, value = textarea.value;
        var selected = value.slice(start, end);
        textarea.value = value.slice(0, start) + before + selected + after + value.slice(end);
        textarea.selectionStart = start + before.length;
        textarea.selectionEnd = start + before.length + selected.length;
        textarea.focus();
        changed();
    }
    form.querySelectorAll("[data-md]").forEach(function (button) {
        button.addEventListener("click", function () {
            var s = snippets[button.dataset.md];
            insert(s[0], s[2]);
        });
    });

    // ---- live preview ----
    var timer = null, sequence = 0;
    function renderPreview() {
        var mine = ++sequence;
        fetch("/api/preview", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            credentials: "same-origin",
            body: JSON.stringify({ markdown: textarea.value, category: category.value })
        }).then(function (res) {
            return res.json().then(function (body) { return { ok: res.ok, body: body }; });
        }).then(function (r) {
            if (mine !== sequence) return;
            if (!r.ok) { say(r.body.detail || r.body.title || "preview failed"); return; }
            // Server output, sanitized like every article; the page's CSP allows no script in it anyway.
            preview.innerHTML = r.body.html;
            if (window.KB && window.KB.enhance) window.KB.enhance(preview);
            say("");
        }).catch(function (e) { if (mine === sequence) say(String(e)); });
    }

    // ---- local draft ----
    function values() {
        var v = {};
        fields.forEach(function (name) { var el = form.querySelector("[name=" + name + "]"); if (el) v[name] = el.value; });
        return v;
    }
    function saveDraft() {
        if (submitting) return;
        try {
            var v = values();
            v.savedAt = new Date().toISOString();
            localStorage.setItem(draftKey, JSON.stringify(v));
        } catch (e) { /* storage full or disabled: the server copy is still there */ }
    }
    function changed() {
        clearTimeout(timer);
        timer = setTimeout(function () { saveDraft(); renderPreview(); }, 400);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // Saved only once the server has it: the next page is the article (success) or this form again, refused,
    // with the text as typed; either way the draft is written again below if this page comes back.
    var submitting = false;
    form.addEventListener("submit", function () {
        submitting = true;
        clearTimeout(timer);
        try { localStorage.removeItem(draftKey); } catch (e) { }
    });

    var refused = document.querySelector(".form-error, .edit-conflict");
    var server = values();
    var draft = null;
    try { draft = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    if (refused) {
        saveDraft();
    } else if (draft && fields.some(function (n) { return draft[n] !== undefined && draft[n] !== server[n]; })) {
        fields.forEach(function (name) {
            var el = form.querySelector("[name=" + name + "]");
            if (el && typeof draft[name] === "string") el.value = draft[name];
        });
        var notice = document.createElement("p");
        notice.className = "edit-draft";
        notice.setAttribute("role", "status");
        notice.textContent = (document.documentElement.lang === "en" ? "Restored your unsaved draft from " : "已恢复未保存的本地草稿：") + (draft.savedAt || "");
        var discard = document.createElement("button");
        discard.type = "button";
        discard.textContent = document.documentElement.lang === "en" ? "Discard draft" : "丢弃草稿";
        discard.addEventListener("click", function () {
            fields.forEach(function (name) { var el = form.querySelector("[name=" + name + "]"); if (el) el.value = server[name]; });
            try { localStorage.removeItem(draftKey); } catch (e) { }
            notice.remove();
            renderPreview();
        });
        notice.appendChild(discard);
        form.parentNode.insertBefore(notice, form);
    }

    // ---- image upload ----
    var upload = document.getElementById("edit-upload");
    upload.addEventListener("change", function () {
        var file = upload.files[0];
        if (!file) return;
        var data = new FormData();
        data.append("file", file);
        data.append("category", category.value);
        say("…");
        fetch(form.dataset.uploadUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { "RequestVerificationToken": token.value },
            body: data
        }).then(function (res) {
            return res.json().then(function (body) { return { ok: res.ok, body: body }; });
        }).then(function (r) {
            upload.value = "";
            if (!r.ok) { say(r.body.detail || "upload failed"); return; }
            insert("![" + file.name.replace(/[\[\]]/g, "") + "](" + r.body.name + ")", "");
            say("");
        }).catch(function (e) { say(String(e)); });
    });

    renderPreview();
})();
