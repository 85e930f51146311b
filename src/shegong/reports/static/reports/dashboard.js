/* Draw the dashboard charts from the JSON block; a click on a bar opens the list behind it. */
(function () {
  "use strict";

  function draw(element, chart) {
    var instance = window.echarts.init(element);
    var series = chart.series.map(function (name, index) {
      return {
        name: name,
        type: "bar",
        stack: chart.stacked ? "total" : undefined,
        data: chart.values[index],
        label: {
          show: true,
          position: chart.stacked ? "inside" : "right",
          formatter: chart.unit ? "{c}" + chart.unit : "{c}"
        }
      };
    });
    instance.setOption({
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { show: chart.series.length > 1 || Boolean(chart.unit), top: 0 },
      grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: chart.max },
      yAxis: { type: "category", data: chart.categories, inverse: true },
      series: series
    });
    instance.on("click", function (params) {
      var url = chart.urls[params.dataIndex];
      if (url) {
        window.location.assign(url);
      }
    });
    window.addEventListener("resize", function () { instance.resize(); });
  }

  function start() {
    var block = document.getElementById("reports-chart-data");
    if (!block || !window.echarts) {
      return;
    }
    var charts = JSON.parse(block.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var chart = charts[element.getAttribute("data-chart")];
      if (chart) {
        draw(element, chart);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
