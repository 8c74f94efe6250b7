/* Program dashboard charts: Chart.js 4 (static/vendor), data from the json_script block. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("analytics-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var brand = "#1f5fa8";
    var accent = "#b35900";
    var palette = ["#1f6f3f", "#5a9e6f", "#c98a2b", "#a8322d", "#1f5fa8", "#6b4fa0"];
    var common = { responsive: true, maintainAspectRatio: true, animation: false };

    function chart(id, config) {
      var canvas = document.getElementById(id);
      if (canvas) {
        new window.Chart(canvas, config);
      }
    }

    chart("chart-weekly", {
      type: "bar",
      data: {
        labels: data.weekly.labels,
        datasets: [
          { label: "Requests", data: data.weekly.requests, backgroundColor: brand },
          { label: "Opinions delivered", data: data.weekly.opinions, backgroundColor: accent }
        ]
      },
      options: common
    });
    chart("chart-clocks", {
      type: "bar",
      data: {
        labels: data.clocks.labels,
        datasets: [
          { label: "Median", data: data.clocks.median, backgroundColor: brand },
          { label: "90th percentile", data: data.clocks.p90, backgroundColor: accent }
        ]
      },
      options: common
    });
    chart("chart-recommend", {
      type: "doughnut",
      data: {
        labels: data.recommend.labels,
        datasets: [{ data: data.recommend.counts, backgroundColor: palette.slice(0, 4) }]
      },
      options: common
    });
    chart("chart-referrals", {
      type: "bar",
      data: {
        labels: data.referrals.labels,
        datasets: [{ label: "Referrals", data: data.referrals.counts, backgroundColor: palette }]
      },
      options: Object.assign({ indexAxis: "y" }, common)
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
