// Survey results as bar charts (vendored ECharts); the figures come from the page's json_script, never inline code.
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("survey-charts");
  if (!data || !window.echarts) { return; }
  var charts = JSON.parse(data.textContent);
  document.querySelectorAll(".survey-chart").forEach(function (box, i) {
    var chart = charts[i];
    if (!chart) { return; }
    window.echarts.init(box).setOption({
      grid: { left: 100, right: 20, top: 10, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: chart.labels },
      series: [{ type: "bar", data: chart.values, itemStyle: { color: "#c00" } }]
    });
  });
});
