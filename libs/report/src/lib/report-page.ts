import { escapeHtml, htmlTable, scriptJson, svgImage } from './html';

/** One bubble of the interactive map, already projected and scaled (by libs/plots). */
export interface MapBubble {
  country: string;
  x: number;
  y: number;
  r: number;
  fill: string;
  /** Display text, to the penny from `formatMoney` (`@ecomlake/model`), e.g. "£437,190.78". */
  revenue: string;
  orders: number;
}

export interface InteractiveMap {
  width: number;
  height: number;
  /** The map without bubbles (sphere, land, legends), as an SVG string. */
  baseSvg: string;
  frames: { month: string; bubbles: MapBubble[] }[];
}

export interface ReportSection {
  title: string;
  /** Optional line under the title. */
  note?: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface ReportPage {
  title: string;
  subtitle: string;
  charts: { title: string; svg: string }[];
  map?: InteractiveMap;
  sections: ReportSection[];
}

/** One self-contained HTML page: no network, no CDN; every data string escaped. */
export function renderReportPage(page: ReportPage): string {
  const charts = page.charts
    .map((c) => `<figure>${svgImage(c.svg, c.title)}<figcaption>${escapeHtml(c.title)}</figcaption></figure>`)
    .join('\n');
  const sections = page.sections
    .map((s) => `<section><h2>${escapeHtml(s.title)}</h2>${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}${htmlTable(s.columns, s.rows)}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.subtitle)}</p></header>
<main>
${page.map ? mapSection(page.map) : ''}
<section class="charts"><h2>Charts</h2>${charts}</section>
${sections}
</main>
${page.map ? `<script type="application/json" id="map-data">${scriptJson(page.map.frames)}</script><script>${PLAYER}</script>` : ''}
</body>
</html>
`;
}

function mapSection(map: InteractiveMap): string {
  const last = map.frames.length - 1;
  return `<section class="map"><h2>Sales by country, month by month</h2>
<p class="note">Bubble area: revenue. Colour: number of orders. Hover a bubble for figures.</p>
<div class="controls">
<button id="play" type="button" aria-label="Play">Play</button>
<input id="month-slider" type="range" min="0" max="${last}" step="1" value="0" aria-label="Month">
<output id="month-label">${escapeHtml(map.frames[0]?.month ?? '')}</output>
</div>
<div class="stage" style="max-width:${map.width}px">
<div class="base">${svgImage(map.baseSvg, 'World map')}</div>
<svg id="bubbles" viewBox="0 0 ${map.width} ${map.height}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Bubbles by country"></svg>
<div id="tooltip" role="tooltip" hidden></div>
</div>
</section>`;
}

const STYLE = `
body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:0;color:#1f2933;background:#fafbfc}
header{padding:24px 32px;background:#1f2933;color:#fff}header h1{margin:0 0 4px;font-size:24px}header p{margin:0;color:#cbd2d9}
main{padding:16px 32px;max-width:1280px}
section{margin:24px 0}h2{font-size:18px;margin:0 0 8px}
.note{color:#52606d;font-size:13px;margin:0 0 8px}
table{border-collapse:collapse;font-size:13px;background:#fff}th,td{padding:4px 10px;border-bottom:1px solid #e4e7eb;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f0f4f8}
.charts{display:flex;flex-wrap:wrap;gap:16px}.charts h2{width:100%}
figure{margin:0;background:#fff;border:1px solid #e4e7eb;padding:8px}figure img{max-width:100%;height:auto;display:block}
figcaption{font-size:12px;color:#52606d;margin-top:4px}
.controls{display:flex;align-items:center;gap:12px;margin-bottom:8px}
#month-slider{width:360px}#month-label{font-weight:bold;min-width:80px}
.stage{position:relative;background:#fff;border:1px solid #e4e7eb}
.stage .base img{width:100%;display:block}
#bubbles{position:absolute;inset:0;width:100%;height:100%}
#bubbles circle{stroke:#fff;stroke-width:0.75;fill-opacity:0.85}
#tooltip{position:absolute;pointer-events:none;background:#1f2933;color:#fff;font-size:12px;padding:6px 8px;border-radius:4px;white-space:nowrap}
`;

// Runs in the browser: draws the bubbles of one month, a slider and play/pause.
const PLAYER = `
(function () {
  var frames = JSON.parse(document.getElementById('map-data').textContent);
  var svg = document.getElementById('bubbles');
  var slider = document.getElementById('month-slider');
  var label = document.getElementById('month-label');
  var play = document.getElementById('play');
  var tip = document.getElementById('tooltip');
  var NS = 'http://www.w3.org/2000/svg';
  var timer = null;
  function show(i) {
    var frame = frames[i];
    slider.value = String(i);
    label.textContent = frame.month;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    frame.bubbles.forEach(function (b) {
      var c = document.createElementNS(NS, 'circle');
      c.setAttribute('cx', b.x); c.setAttribute('cy', b.y); c.setAttribute('r', b.r); c.setAttribute('fill', b.fill);
      c.setAttribute('data-country', b.country);
      c.addEventListener('mousemove', function (e) {
        tip.hidden = false;
        tip.textContent = b.country + ' · ' + b.revenue + ' · ' + b.orders.toLocaleString('en-GB') + ' orders';
        var box = svg.getBoundingClientRect();
        tip.style.left = (e.clientX - box.left + 12) + 'px';
        tip.style.top = (e.clientY - box.top + 12) + 'px';
      });
      c.addEventListener('mouseleave', function () { tip.hidden = true; });
      svg.appendChild(c);
    });
    svg.setAttribute('data-month', frame.month);
  }
  function stop() { clearInterval(timer); timer = null; play.textContent = 'Play'; play.setAttribute('aria-label', 'Play'); }
  play.addEventListener('click', function () {
    if (timer) { stop(); return; }
    play.textContent = 'Pause'; play.setAttribute('aria-label', 'Pause');
    timer = setInterval(function () { show((Number(slider.value) + 1) % frames.length); }, 800);
  });
  slider.addEventListener('input', function () { stop(); show(Number(slider.value)); });
  show(0);
})();
`;
