/* Draws the plotly figures of the reports pages from JSON (json_script), toggles count/share, prints.
   No inline script: the page only carries data, so a Content-Security-Policy can forbid inline code. */
(function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // The comparison's bars come as plain data (reports/charts.py, comparison_figure): each group and year once, and
  // per tier its counts, shares and label numbers over the grid of groups × years. A measure draws the groups that
  // have a figure in it, every year of each, in order.
  function barTraces(payload, measure) {
    var years = payload.years.length, provisional = {}, positions = [];
    payload.provisional.forEach(function (position) { provisional[position] = true; });
    payload.kept[measure].forEach(function (group) {
      for (var year = 0; year < years; year++) { positions.push(group * years + year); }
    });
    var x = [
      positions.map(function (p) { return payload.groups[Math.floor(p / years)]; }),
      positions.map(function (p) { return (provisional[p] ? payload.provisional_years : payload.years)[p % years]; })
    ];
    return payload.traces.map(function (trace) {
      return {
        type: "bar",
        name: trace.name,
        // Always in the legend, even alone: the legend is where the tier's labels are read.
        showlegend: true,
        x: x,
        y: positions.map(function (p) { return trace[measure][p]; }),
        customdata: positions.map(function (p) { return trace.level[p] === null ? "" : trace.labels[trace.level[p]]; }),
        marker: {color: trace.color},
        hovertemplate: payload.hovertemplate
      };
    });
  }

  function figureOf(payload) {
    if (payload.traces) { return {data: barTraces(payload, payload.measure), layout: payload.layout}; }
    return payload.figure;
  }

  function draw(container) {
    var payload = readJSON(container.dataset.figure);
    if (!payload || payload.empty || typeof Plotly === "undefined") { return null; }
    var figure = figureOf(payload);
    var config = {
      responsive: true,
      displaylogo: false,
      locale: document.documentElement.lang || "vi",
      toImageButtonOptions: {format: "png", filename: container.dataset.filename || "bieu-do", scale: 2}
    };
    Plotly.newPlot(container, figure.data, figure.layout || {}, config).then(function () {
      container.dataset.drawn = "true";
    });
    return payload;
  }

  function setMeasure(container, payload, measure) {
    if (!payload || !payload.traces || payload.empty) { return; }
    // Each measure has its own groups (a return giving counts only has no group among the shares).
    var traces = barTraces(payload, measure);
    Plotly.restyle(container, {
      x: traces.map(function (trace) { return trace.x; }),
      y: traces.map(function (trace) { return trace.y; }),
      customdata: traces.map(function (trace) { return trace.customdata; })
    });
    Plotly.relayout(container, {"yaxis.title.text": payload.axis_titles[measure]});
    container.dataset.measure = measure;
    // A measure without any figure shows its note (data-measure-block) instead of an empty chart.
    var shown = !payload.measures || payload.measures[measure];
    if (container.hidden === shown) {
      container.hidden = !shown;
      if (shown) { Plotly.Plots.resize(container); }
    }
  }

  function showMeasureBlocks(measure) {
    document.querySelectorAll("[data-measure-block]").forEach(function (block) {
      block.hidden = block.dataset.measureBlock !== measure;
    });
    document.querySelectorAll("[data-measure]").forEach(function (button) {
      var active = button.dataset.measure === measure;
      button.classList.toggle("active", active);
      button.setAttribute("aria-pressed", active ? "true" : "false");
    });
    document.querySelectorAll("input[name=measure]").forEach(function (input) {
      input.checked = input.value === measure;
    });
    var url = new URL(window.location.href);
    url.searchParams.set("measure", measure);
    window.history.replaceState(null, "", url.toString());
  }

  document.addEventListener("DOMContentLoaded", function () {
    var main = null, mainPayload = null;
    document.querySelectorAll("[data-chart]").forEach(function (container) {
      var payload = draw(container);
      if (container.dataset.chart === "main") { main = container; mainPayload = payload; }
    });
    document.querySelectorAll("[data-measure]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var measure = button.dataset.measure;
        if (main) { setMeasure(main, mainPayload, measure); }
        showMeasureBlocks(measure);
      });
    });
    // A printed page cannot be clicked: open the folded tables (each year's level labels) while printing,
    // and fit the charts to the paper's width; put everything back afterwards.
    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (node) {
        node.open = true;
        return true;
      });
      fitChartsToPaper();
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (node) { node.open = false; });
      opened = [];
      fitChartsToScreen();
    });
  });

  // The printed page is narrower than most screens, and the browser does not tell the charts it changed: draw each
  // chart at the paper's width (A4 less the margins of static/css/app.css: 18 cm) and its printed height, so it is
  // neither cut on the right nor drawn over the text below it. Back to the screen's width after printing.
  function paperWidth() {
    var probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;width:18cm";
    document.body.appendChild(probe);
    var width = probe.offsetWidth;
    document.body.removeChild(probe);
    return width;
  }

  function drawnCharts() {
    if (typeof Plotly === "undefined") { return []; }
    // A chart hidden for want of figures in the chosen measure is left as it is (it is redrawn when shown).
    return Array.prototype.filter.call(document.querySelectorAll("[data-chart][data-drawn=true]"), function (chart) {
      return !chart.hidden;
    });
  }

  function fitChartsToPaper() {
    var width = paperWidth();
    drawnCharts().forEach(function (container) {
      var height = container.classList.contains("small") ? 460 : 420;
      Plotly.relayout(container, {width: width, height: height});
    });
  }

  function fitChartsToScreen() {
    drawnCharts().forEach(function (container) {
      Plotly.relayout(container, {width: null, height: null}).then(function () { Plotly.Plots.resize(container); });
    });
  }
})();
