// Breathing Room admin: charts from data-chart attributes, and confirmations for
// destructive forms. Loaded as a file so the Content-Security-Policy can forbid
// inline scripts; every page works without it except the charts.
"use strict";

const PALETTE = ["#2f6f73", "#d08c3c", "#7a5ea8", "#c0504d", "#4f81bd"];

function percent(value) {
  return `${value}%`;
}

// A spec (bot/admin/overview.py) may mix bar and line datasets, put a dataset on
// a right-hand percent axis, stack its bars, show floating [low, high] bars, and
// mark its values as percentages.
function drawChart(canvas) {
  const spec = JSON.parse(canvas.dataset.chart);
  const datasets = spec.datasets.map((set, i) => {
    const type = set.type || spec.type;
    return {
      label: set.label,
      data: set.data,
      type,
      yAxisID: set.axis === "percent" ? "y1" : "y",
      borderColor: PALETTE[i % PALETTE.length],
      backgroundColor: PALETTE[i % PALETTE.length] + (type === "bar" ? "cc" : "33"),
      spanGaps: true,
      tension: 0.25,
      fill: false,
      order: type === "line" ? 0 : 1,
    };
  });
  const y = { beginAtZero: true, stacked: Boolean(spec.stacked) };
  if (spec.percent) {
    y.ticks = { callback: percent };
    if (spec.stacked) {
      y.max = 100;
    }
  }
  const scales = { x: { stacked: Boolean(spec.stacked) }, y };
  if (spec.datasets.some((set) => set.axis === "percent")) {
    scales.y1 = { position: "right", beginAtZero: true, max: 100, grid: { drawOnChartArea: false },
      ticks: { callback: percent } };
  }
  const chart = new window.Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales,
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    },
  });
  canvas.dataset.rendered = String(datasets.reduce((n, set) => n + set.data.length, 0));
  return chart;
}

function drawCharts() {
  if (!window.Chart) {
    return;
  }
  document.querySelectorAll("canvas[data-chart]").forEach(drawChart);
}

function confirmForms() {
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
}

function scrollTranscript() {
  const transcript = document.getElementById("transcript");
  if (transcript) {
    transcript.scrollTop = transcript.scrollHeight;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  drawCharts();
  confirmForms();
  scrollTranscript();
});
