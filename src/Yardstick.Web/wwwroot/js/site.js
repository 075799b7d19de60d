// Charts: every element with data-chart gets an ECharts instance whose option is the JSON in the <script
// type="application/json"> named by data-chart (JSON blocks are data, so the strict CSP allows them). A bar chart with
// data-drill navigates to the URL template with {name}'s code when a bar is clicked.
(function () {
  function init() {
    if (!window.echarts) { return; }
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var source = document.getElementById(el.getAttribute('data-chart'));
      if (!source) { return; }
      var option = JSON.parse(source.textContent);
      if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) { (option.baseOption || option).animation = false; }
      var chart = window.echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(option);
      el.setAttribute('data-ready', 'true');
      var drill = el.getAttribute('data-drill');
      if (drill) {
        chart.on('click', function (p) {
          var codes = option.codes || {};
          // A bar gives its category name; a category label (yAxis.triggerEvent) gives its value.
          var code = codes[p.name] || codes[p.value];
          if (code) { window.location.href = drill.replace('{code}', encodeURIComponent(code)); }
        });
      }
      window.addEventListener('resize', function () { chart.resize(); });
    });
    document.querySelectorAll('[data-map]').forEach(drawMap);
    // The phone menu: 菜单 opens and closes the links (the header's "open" class; the CSS shows them).
    document.querySelectorAll('.menu-toggle').forEach(function (button) {
      button.addEventListener('click', function () {
        var header = button.closest('header');
        var open = header.classList.toggle('open');
        button.setAttribute('aria-expanded', open ? 'true' : 'false');
      });
    });
    // Charts redraw at the printed width, and back after printing.
    window.addEventListener('beforeprint', function () { window.dispatchEvent(new Event('resize')); });
    window.addEventListener('afterprint', function () { window.dispatchEvent(new Event('resize')); });
    // A category grid on the entry form (data-combo-grid): each row's, column's and the whole total follow what is typed,
    // read-only; blank fields count nothing, a total is blank while none of its fields holds a number, and a field that
    // is not a number leaves its totals at "?" (the save says why). Thousands separators and full-width digits read as
    // the server reads them (InputText.TryParseDecimal) closely enough for a running total.
    function number(text) {
      var s = text.replace(/[\uFF10-\uFF19]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xFF10 + 48); })
        .replace(/[\s,\uFF0C]/g, '').replace(/\uFF0E/g, '.').replace(/[%\uFF05]$/, '');
      if (s === '') { return null; }
      return /^-?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN;
    }
    function total(inputs) {
      var sum = null;
      for (var i = 0; i < inputs.length; i++) {
        var n = number(inputs[i].value);
        if (n === null) { continue; }
        if (isNaN(n)) { return '?'; }
        sum = (sum || 0) + n;
      }
      // Rounded to what people type (no 0.30000000000000004), written without trailing zeros.
      return sum === null ? '' : String(Math.round(sum * 1e6) / 1e6);
    }
    document.querySelectorAll('[data-combo-grid]').forEach(function (grid) {
      var inputs = grid.querySelectorAll('input[data-row]');
      var sum = document.querySelector('[data-grid-sum="' + grid.getAttribute('data-combo-grid') + '"]');
      function update() {
        grid.querySelectorAll('[data-row-total]').forEach(function (out) {
          out.textContent = total(grid.querySelectorAll('input[data-row="' + out.getAttribute('data-row-total') + '"]'));
        });
        grid.querySelectorAll('[data-col-total]').forEach(function (out) {
          out.textContent = total(grid.querySelectorAll('input[data-col="' + out.getAttribute('data-col-total') + '"]'));
        });
        var all = total(inputs);
        grid.querySelectorAll('[data-grand-total]').forEach(function (out) { out.textContent = all; });
        if (sum) { sum.textContent = all; }
      }
      inputs.forEach(function (input) { input.addEventListener('input', update); });
    });
    document.querySelectorAll('[data-confirm]').forEach(function (el) {
      el.addEventListener('submit', function (e) { if (!window.confirm(el.getAttribute('data-confirm'))) { e.preventDefault(); } });
    });
  }
  // Maps (Shared/_Map.cshtml, the one place maps are drawn): the children of a unit, their boundaries filled in the class
  // colour the server chose, facilities as points; the tooltip says each figure and a click drills down. The geometry comes
  // from /api/orgUnits/{code}/geometry (the caller's scope); regions are keyed by unit code, never by name, which siblings
  // may share. Under points without boundaries the unit's own boundary is the outline.
  function drawMap(el) {
    var source = document.getElementById(el.getAttribute('data-map'));
    if (!source || !window.echarts) { return; }
    var view = JSON.parse(source.textContent);
    var regions = {};
    view.regions.forEach(function (r) { regions[r.code] = r; });
    fetch(view.geometry, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
      .then(function (answer) {
        var areas = answer.features.filter(function (f) { return f.properties.kind === 'boundary'; });
        var points = answer.features.filter(function (f) { return f.properties.kind === 'point'; });
        var outline = areas.length > 0 ? areas : (answer.unit && answer.unit.properties.kind === 'boundary' ? [answer.unit] : []);
        if (outline.length === 0) { el.parentNode.removeChild(el); return; }
        var mapName = 'unit:' + view.geometry;
        window.echarts.registerMap(mapName, { type: 'FeatureCollection', features: outline });
        function tip(code) {
          var r = regions[code];
          return r ? '<b>' + escapeHtml(r.name) + '</b><br>' + escapeHtml(r.figure) : '';
        }
        // Regions are named by code: every text shown of one (label, tooltip) is its unit's name and figure instead.
        function tooltip(p) { return tip(p.componentType === 'geo' ? p.name : p.data && p.data.code); }
        function label(p) { return regions[p.name] ? regions[p.name].name : ''; }
        var option = {
          tooltip: { trigger: 'item', formatter: tooltip },
          geo: {
            map: mapName, nameProperty: 'code', roam: false, layoutCenter: ['50%', '50%'], layoutSize: '95%',
            tooltip: { show: true, formatter: tooltip },
            itemStyle: { areaColor: '#f1f5f9', borderColor: '#ffffff', borderWidth: 1 },
            emphasis: { itemStyle: { areaColor: '#fde68a' }, label: { show: true, formatter: label } },
            label: { show: true, fontSize: 11, color: '#0f172a', formatter: label },
            regions: areas.map(function (f) {
              var r = regions[f.properties.code];
              return { name: f.properties.code, itemStyle: { areaColor: r ? r.colour : '#e2e8f0' } };
            }),
          },
          series: [{
            type: 'scatter', coordinateSystem: 'geo', symbolSize: 12,
            data: points.map(function (f) {
              var r = regions[f.properties.code];
              return { name: f.properties.name, code: f.properties.code, value: f.geometry.coordinates.slice(0, 2),
                itemStyle: { color: r ? r.colour : '#94a3b8', borderColor: '#0f172a', borderWidth: 1 } };
            }),
          }],
        };
        if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) { option.animation = false; }
        var chart = window.echarts.init(el, null, { renderer: 'svg' });
        chart.setOption(option);
        chart.on('click', function (p) {
          var code = p.componentType === 'geo' ? p.name : p.data && p.data.code;
          if (code && regions[code]) { window.location.href = view.drill.replace('{code}', encodeURIComponent(code)); }
        });
        window.addEventListener('resize', function () { chart.resize(); });
        el.setAttribute('data-ready', 'true');
      })
      .catch(function () { el.textContent = '地图边界未能读取。'; });
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
})();
