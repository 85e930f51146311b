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
      // Drawn on the canvas: an HTML tooltip would need inline styles, which the CSP forbids.
      tooltip: { trigger: "axis", renderMode: "richText" },
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

  /* A timeline: one bar per phase from its first to its last day, a line on the chosen day. */
  function drawTimeline(element, chart) {
    var instance = window.echarts.init(element);
    var colours = { done: "#6c757d", current: "#0d6efd", upcoming: "#adb5bd" };
    instance.setOption({
      aria: { enabled: true },
      animation: false,
      tooltip: {
        renderMode: "richText",
        formatter: function (params) {
          return chart.categories[params.value[0]] + "\n" + params.value[1] + " – " + params.value[2];
        }
      },
      grid: { left: 8, right: 32, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "time" },
      yAxis: { type: "category", data: chart.categories, inverse: true },
      series: [{
        type: "custom",
        encode: { x: [1, 2], y: 0 },
        data: chart.items,
        renderItem: function (params, api) {
          var start = api.coord([api.value(1), api.value(0)]);
          var end = api.coord([api.value(2), api.value(0)]);
          var height = api.size([0, 1])[1] * 0.6;
          return {
            type: "rect",
            shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height: height },
            style: { fill: colours[chart.items[params.dataIndex][3]] || "#0d6efd" }
          };
        },
        markLine: {
          symbol: "none",
          label: { formatter: chart.today },
          data: [{ xAxis: chart.today }]
        }
      }]
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
      if (chart && chart.kind === "timeline") {
        drawTimeline(element, chart);
      } else if (chart) {
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
