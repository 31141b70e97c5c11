// Search-as-you-type title suggestions for the header box (#site-search). Arrow keys move through the
// list, Enter opens the highlighted article or, with nothing highlighted, submits the form to /search.
(function () {
    "use strict";
    var box = document.getElementById("site-search");
    if (!box || !window.fetch) return;
    var form = box.form;
    var list = document.createElement("ul");
    list.id = "site-search-suggestions";
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.insertAdjacentElement("afterend", list);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-expanded", "false");

    var active = -1, timer = 0, pending = null, lastQuery = "";

    function items() { return list.querySelectorAll("[role=option]"); }

    function close() {
        list.hidden = true;
        active = -1;
        box.setAttribute("aria-expanded", "false");
        box.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
        var all = items();
        if (!all.length) return;
        active = (index + all.length) % all.length;
        for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", i === active ? "true" : "false");
        box.setAttribute("aria-activedescendant", all[active].id);
    }

    function render(suggestions) {
        list.textContent = "";
        active = -1;
        if (!suggestions.length) { close(); return; }
        suggestions.forEach(function (s, i) {
            var li = document.createElement("li");
            li.id = "site-search-option-" + i;
            li.setAttribute("role", "option");
            li.setAttribute("aria-selected", "false");
            var a = document.createElement("a");
            a.href = s.url;
            a.textContent = s.title; // text, never HTML
            a.tabIndex = -1;
            li.appendChild(a);
            li.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the box
            li.addEventListener("click", function () { location.href = s.url; });
            list.appendChild(li);
        });
        list.hidden = false;
        box.setAttribute("aria-expanded", "true");
    }

    function suggest() {
        var q = box.value.trim();
        if (q === lastQuery) return;
        lastQuery = q;
        if (pending) pending.abort();
        if (!q) { render([]); return; }
        pending = window.AbortController ? new AbortController() : null;
        fetch("/api/search/suggest?q=" + encodeURIComponent(q), { signal: pending ? pending.signal : undefined, headers: { Accept: "application/json" } })
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (data) { if (box.value.trim() === q) render(Array.isArray(data) ? data : []); })
            .catch(function () { /* aborted by a newer keystroke, or offline: no suggestions */ });
    }

    box.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(suggest, 120);
    });
    box.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            if (list.hidden) return;
            e.preventDefault();
            highlight(active + (e.key === "ArrowDown" ? 1 : -1));
        } else if (e.key === "Escape") {
            close();
        } else if (e.key === "Enter" && !list.hidden && active >= 0) {
            e.preventDefault();
            location.href = items()[active].querySelector("a").href;
        } else if (e.key === "Enter") {
            close(); // let the form submit to /search
        }
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });
    box.addEventListener("focus", function () { if (list.children.length && box.value.trim()) { list.hidden = false; box.setAttribute("aria-expanded", "true"); } });
    if (form) form.addEventListener("submit", function (e) { if (!box.value.trim()) e.preventDefault(); });
})();
