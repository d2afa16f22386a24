// zhibu page behaviour. No inline scripts anywhere: the Content Security Policy forbids them.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-toggle=nav]").forEach(function (button) {
    button.addEventListener("click", function () { document.getElementById("sidenav").classList.toggle("open"); });
  });
  // 全选: a checkbox ticks or clears every box of the same form with the name it names.
  document.querySelectorAll("input[data-check-all]").forEach(function (master) {
    master.addEventListener("change", function () {
      var selector = "input[type=checkbox][name='" + master.getAttribute("data-check-all") + "'][form='" + master.getAttribute("form") + "']";
      document.querySelectorAll(selector).forEach(function (box) { box.checked = master.checked; });
    });
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  // Charts: the options are built on the server and embedded as JSON next to the chart (json_script).
  if (window.echarts) {
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) { return; }
      var chart = window.echarts.init(element);
      chart.setOption(JSON.parse(source.textContent));
      var links = element.getAttribute("data-links");
      if (links) {
        var targets = JSON.parse(document.getElementById(links).textContent);
        chart.on("click", function (params) {
          var target = targets[params.dataIndex !== undefined && params.seriesType !== "heatmap" ? params.dataIndex : params.value[1]];
          if (target) { window.location.href = target; }
        });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
});
