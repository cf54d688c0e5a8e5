// «Версия для слабовидящих» (ГОСТ Р 52872-2019): large print and high contrast, remembered
// by the browser. Without JavaScript the button stays hidden and the page is unchanged.
(function () {
  var KEY = "vypusk-a11y";
  var root = document.documentElement;
  function set(on) {
    root.classList.toggle("a11y", on);
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
    var b = document.querySelector(".a11y-toggle");
    if (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.textContent = on ? "Обычная версия" : "Версия для слабовидящих";
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var b = document.querySelector(".a11y-toggle");
    if (!b) return;
    b.hidden = false;
    set(root.classList.contains("a11y"));
    b.addEventListener("click", function () { set(!root.classList.contains("a11y")); });
  });
})();
