// zhibu page behaviour. No inline scripts anywhere: the Content Security Policy forbids them.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-toggle=nav]").forEach(function (button) {
    button.addEventListener("click", function () { document.getElementById("sidenav").classList.toggle("open"); });
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
});
