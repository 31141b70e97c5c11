// Loaded (blocking) in <head>: applies the saved theme before first paint, so a dark-theme reader never sees
// a white flash. A file rather than an inline script: the Content-Security-Policy allows no inline scripts.
(function () {
    try {
        var t = localStorage.getItem("kb-theme");
        if (t) document.documentElement.dataset.theme = t;
    } catch (e) { /* storage disabled: default theme */ }
})();
