// Draws every <canvas data-chart="ID">: its Chart.js configuration is the JSON
// in <script type="application/json" id="ID"> (no inline scripts: CSP).
// Two small plugins: `intervals` draws 95 % whiskers given per dataset as
// `intervals: [[low, high] | null, …]` and writes "n.s." at bars listed in
// `notSignificant`; `categoryTicks` options label a linear axis with category names;
// `pattern` on a bar dataset hatches its bars.
/* global Chart */
(function () {
  'use strict';
  if (typeof Chart === 'undefined') return;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.animation = false;

  var intervalsPlugin = {
    id: 'intervals',
    // The value axis reaches every whisker's ends, so no whisker runs past the plotting area.
    afterDataLimits: function (chart, args) {
      var scale = args.scale;
      var valueAxis = chart.options.indexAxis === 'y' ? 'x' : 'y';
      if (chart.config.type !== 'bar' || scale.axis !== valueAxis) return;
      chart.data.datasets.forEach(function (dataset, di) {
        if (!dataset.intervals || !chart.isDatasetVisible(di)) return;
        dataset.intervals.forEach(function (iv) {
          if (!iv) return;
          scale.min = Math.min(scale.min, iv[0]);
          scale.max = Math.max(scale.max, iv[1]);
        });
      });
    },
    afterDatasetsDraw: function (chart, _args, options) {
      var ctx = chart.ctx;
      var horizontal = chart.options.indexAxis === 'y';
      chart.data.datasets.forEach(function (dataset, di) {
        var meta = chart.getDatasetMeta(di);
        if (meta.hidden || meta.type !== 'bar') return;
        var valueScale = horizontal ? chart.scales[meta.xAxisID] : chart.scales[meta.yAxisID];
        meta.data.forEach(function (bar, i) {
          var iv = dataset.intervals && dataset.intervals[i];
          ctx.save();
          ctx.strokeStyle = '#1b1f24';
          ctx.fillStyle = '#1b1f24';
          ctx.lineWidth = 1.5;
          var cap = 4;
          if (iv) {
            // Kept inside the plotting area even where an axis has fixed ends.
            var area = chart.chartArea;
            var lo = horizontal ? area.left : area.top;
            var hi = horizontal ? area.right : area.bottom;
            var clamp = function (px) {
              return Math.min(hi, Math.max(lo, px));
            };
            var a = clamp(valueScale.getPixelForValue(iv[0]));
            var b = clamp(valueScale.getPixelForValue(iv[1]));
            ctx.beginPath();
            if (horizontal) {
              ctx.moveTo(a, bar.y);
              ctx.lineTo(b, bar.y);
              ctx.moveTo(a, bar.y - cap);
              ctx.lineTo(a, bar.y + cap);
              ctx.moveTo(b, bar.y - cap);
              ctx.lineTo(b, bar.y + cap);
            } else {
              ctx.moveTo(bar.x, a);
              ctx.lineTo(bar.x, b);
              ctx.moveTo(bar.x - cap, a);
              ctx.lineTo(bar.x + cap, a);
              ctx.moveTo(bar.x - cap, b);
              ctx.lineTo(bar.x + cap, b);
            }
            ctx.stroke();
          }
          if (dataset.notSignificant && dataset.notSignificant[i] && dataset.data[i] !== null) {
            ctx.font = 'italic 11px system-ui, sans-serif';
            var label = (options && options.nsLabel) || 'n.s.';
            if (horizontal) {
              var right = Math.max(bar.x, bar.base, iv ? valueScale.getPixelForValue(iv[1]) : bar.x);
              ctx.textBaseline = 'middle';
              ctx.fillText(label, right + 4, bar.y);
            } else {
              var top = Math.min(bar.y, bar.base, iv ? valueScale.getPixelForValue(iv[1]) : bar.y);
              ctx.textAlign = 'center';
              ctx.fillText(label, bar.x, top - 4);
            }
          }
          ctx.restore();
        });
      });
    },
  };

  // `options.plugins.categoryTicks = { axis, labels }`: label a linear axis with
  // category names (a callback cannot travel in JSON, so it is added here).
  function addCategoryTicks(config) {
    var opts = config.options && config.options.plugins && config.options.plugins.categoryTicks;
    if (!opts || !opts.labels) return;
    var scale = config.options.scales[opts.axis || 'x'];
    scale.ticks = scale.ticks || {};
    scale.ticks.callback = function (value) {
      return Number.isInteger(value) && opts.labels[value] !== undefined ? opts.labels[value] : '';
    };
    scale.afterBuildTicks = function (axis) {
      axis.ticks = opts.labels.map(function (_, i) {
        return { value: i };
      });
    };
    delete config.options.plugins.categoryTicks;
  }

  // `dataset.pattern` ('diagonal', 'dots', …): hatch each bar over its fill colour,
  // so bar series differ in greyscale and for every colour vision, not by colour alone.
  var HATCH = {
    diagonal: function (c) {
      c.moveTo(0, 8);
      c.lineTo(8, 0);
    },
    'diagonal-back': function (c) {
      c.moveTo(0, 0);
      c.lineTo(8, 8);
    },
    horizontal: function (c) {
      c.moveTo(0, 4);
      c.lineTo(8, 4);
    },
    vertical: function (c) {
      c.moveTo(4, 0);
      c.lineTo(4, 8);
    },
    cross: function (c) {
      c.moveTo(0, 8);
      c.lineTo(8, 0);
      c.moveTo(0, 0);
      c.lineTo(8, 8);
    },
    grid: function (c) {
      c.moveTo(0, 4);
      c.lineTo(8, 4);
      c.moveTo(4, 0);
      c.lineTo(4, 8);
    },
    dots: function (c) {
      c.moveTo(5, 4);
      c.arc(4, 4, 1.4, 0, 2 * Math.PI);
    },
  };
  function hatched(colour, name) {
    var tile = document.createElement('canvas');
    tile.width = 8;
    tile.height = 8;
    var c = tile.getContext('2d');
    c.fillStyle = colour;
    c.fillRect(0, 0, 8, 8);
    c.strokeStyle = 'rgba(27, 31, 36, 0.6)';
    c.fillStyle = 'rgba(27, 31, 36, 0.6)';
    c.lineWidth = 1.2;
    c.beginPath();
    HATCH[name](c);
    if (name === 'dots') c.fill();
    else c.stroke();
    return c.createPattern(tile, 'repeat');
  }
  function addPatterns(config) {
    ((config.data && config.data.datasets) || []).forEach(function (ds) {
      if (!ds.pattern || !HATCH[ds.pattern]) return;
      ds.backgroundColor = Array.isArray(ds.backgroundColor)
        ? ds.backgroundColor.map(function (colour) {
            return hatched(colour, ds.pattern);
          })
        : hatched(ds.backgroundColor, ds.pattern);
    });
  }

  // `dataset.legendLine`: that series' legend key is a short line with the series' dash
  // (a reference line such as the index), not its point shape, which alone reads as a stray mark.
  function addLegendLines(config) {
    var datasets = (config.data && config.data.datasets) || [];
    var legend = config.options && config.options.plugins && config.options.plugins.legend;
    if (
      !legend ||
      !datasets.some(function (ds) {
        return ds.legendLine;
      })
    )
      return;
    legend.labels = legend.labels || {};
    legend.labels.generateLabels = function (chart) {
      var items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
      items.forEach(function (item) {
        var ds = chart.data.datasets[item.datasetIndex];
        if (ds && ds.legendLine) {
          item.pointStyle = 'line';
          item.lineWidth = 2.5;
          // With point-style keys Chart.js takes the style of a point, which has no dash.
          item.lineDash = ds.borderDash || [];
        }
      });
      return items;
    };
  }

  Chart.register(intervalsPlugin);

  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source) return;
    var config = JSON.parse(source.textContent || '{}');
    addCategoryTicks(config);
    addPatterns(config);
    addLegendLines(config);
    new Chart(canvas, config);
    canvas.setAttribute('data-painted', 'true');
  });
})();
