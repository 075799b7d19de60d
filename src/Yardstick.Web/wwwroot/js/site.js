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
    document.querySelectorAll('[data-confirm]').forEach(function (el) {
      el.addEventListener('submit', function (e) { if (!window.confirm(el.getAttribute('data-confirm'))) { e.preventDefault(); } });
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
})();
