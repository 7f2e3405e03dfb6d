// The production dashboard of one workflow: health with its reason, uptime, calls, error rate and
// p50/p95/p99 per release over a chosen range (charts drawn by uPlot from its webjar), the alerts
// firing and resolved, and the recent deployments. Every figure comes from the control API.
import uPlot from './uplot/uPlot.esm.js';
import { api, workflowPath } from './api.js';
import { h, clear, field, table, problem } from './dom.js';
import { workflowLinks } from './workflow.js';

/** Each range with the step its charts use (at most ~120 points) and the uptime days it covers. */
export const RANGES = [
  { value: '15m', label: 'Last 15 minutes', minutes: 15, step: '1m' },
  { value: '1h', label: 'Last hour', minutes: 60, step: '1m' },
  { value: '6h', label: 'Last 6 hours', minutes: 360, step: '5m' },
  { value: '24h', label: 'Last 24 hours', minutes: 1440, step: '15m' },
  { value: '7d', label: 'Last 7 days', minutes: 10080, step: '2h' },
  { value: '30d', label: 'Last 30 days', minutes: 43200, step: '6h' },
];

const COLORS = ['#0b5cad', '#b3261e', '#17612e', '#7a4bbf', '#a15c00', '#00777a', '#5c6670'];
const PERCENTILES = [['p50Ms', 'p50', [2, 4]], ['p95Ms', 'p95', null], ['p99Ms', 'p99', [8, 4]]];

function percent(rate) { return (Math.round(rate * 10000) / 100) + '%'; }
function ms(value) { return value === null || value === undefined ? '' : (Math.round(value * 10) / 10) + ' ms'; }
function seconds(iso) { return Math.floor(Date.parse(iso) / 1000); }

/** The points of the metrics route as uPlot's columns: one x per step, one series per release and figure. */
function columns(body, figure) {
  const step = body.stepSeconds;
  const first = seconds(body.since);
  const now = Math.floor(Date.now() / 1000);
  const xs = [];
  for (let t = first; t <= now; t += step) xs.push(t);
  const versions = [...new Set(body.points.map(p => p.version))];
  const series = [];
  for (const [vi, version] of versions.entries()) {
    for (const [key, label, dash] of figure.keys) {
      const ys = xs.map(() => figure.absent);
      for (const p of body.points) {
        if (p.version !== version) continue;
        const i = Math.round((seconds(p.start) - first) / step);
        if (i >= 0 && i < ys.length) ys[i] = key === 'errorRate' ? p.errorRate * 100 : p[key];
      }
      series.push({ label: figure.keys.length > 1 ? version + ' ' + label : version, color: COLORS[vi % COLORS.length], dash, ys });
    }
  }
  return { xs, series };
}

function chart(title, unit, body, figure, width) {
  const holder = h('figure', { className: 'chart', role: 'group', 'aria-label': title });
  const { xs, series } = columns(body, figure);
  holder.append(h('figcaption', { text: title }));
  if (!series.length) {
    holder.append(h('p', { className: 'note', text: 'No production call in this range.' }));
    return holder;
  }
  const options = {
    width: Math.max(260, Math.min(width, 1200)), height: 220,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max || 0, 1) * 1.1] } },
    axes: [{}, { label: unit, size: 60 }],
    series: [{}, ...series.map(s => ({ label: s.label, stroke: s.color, width: 2, dash: s.dash || undefined, spanGaps: false,
      value: (u, v) => v === null || v === undefined ? '--' : (Math.round(v * 100) / 100) + ' ' + unit }))],
  };
  const plot = new uPlot(options, [xs, ...series.map(s => s.ys)], holder);
  plot.root.setAttribute('aria-hidden', 'true');
  return holder;
}

/** The range's figures per release: one metrics point per release whose step spans the whole range. */
function summaryTable(summary) {
  const rows = summary.points.map(p => [p.version, String(p.calls), String(p.errors), percent(p.errorRate), ms(p.p50Ms), ms(p.p95Ms), ms(p.p99Ms)]);
  return rows.length
    ? table(['Release', 'Calls', 'Errors', 'Error rate', 'p50', 'p95', 'p99'], rows, 'Per release over the range')
    : h('p', { className: 'note', text: 'No production call in this range.' });
}

export class DashboardScreen extends HTMLElement {
  connectedCallback() {
    this.ref = this.getAttribute('workflow');
    this.range = h('select', { name: 'range' }, RANGES.map(r => h('option', { value: r.value, text: r.label })));
    this.range.value = sessionStorage.getItem('wfp.range') || '1h';
    this.range.addEventListener('change', () => { sessionStorage.setItem('wfp.range', this.range.value); this.load(); });
    this.auto = h('input', { type: 'checkbox', id: 'dashboard-auto' });
    this.auto.addEventListener('change', () => this.schedule());
    this.body = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' });
    this.stamp = h('span', { className: 'note' });
    this.replaceChildren(h('h1', {}, 'Dashboard of ', h('code', { text: this.ref })), workflowLinks(this.ref, 'Dashboard'),
      h('form', { className: 'row', onsubmit: (event) => { event.preventDefault(); this.load(); } },
        field('Range', this.range),
        h('div', { className: 'field check' }, this.auto, h('label', { for: 'dashboard-auto', text: 'Refresh every 10 s' })),
        h('button', { type: 'submit', text: 'Refresh' }), this.stamp),
      this.body);
    this.load();
  }

  disconnectedCallback() { clearInterval(this.timer); }

  schedule() {
    clearInterval(this.timer);
    if (this.auto.checked) this.timer = setInterval(() => this.load(), 10000);
  }

  async load() {
    const range = RANGES.find(r => r.value === this.range.value) || RANGES[1];
    const base = workflowPath(this.ref);
    this.body.setAttribute('aria-busy', 'true');
    const seq = this.seq = (this.seq || 0) + 1;
    let health, uptime, summary, series, alerts, deployments;
    try {
      [health, uptime, summary, series, alerts, deployments] = await Promise.all([
        api('GET', base + '/health'),
        api('GET', base + '/uptime?days=' + Math.min(30, Math.max(1, Math.ceil(range.minutes / 1440)))),
        // One step one minute longer than the range puts the whole range in one point per release.
        api('GET', base + '/metrics?since=' + range.value + '&step=' + (range.minutes + 1) + 'm'),
        api('GET', base + '/metrics?since=' + range.value + '&step=' + range.step),
        api('GET', '/api/v1/alerts?limit=50&workflow=' + encodeURIComponent(this.ref)),
        api('GET', base + '/deployments?limit=10'),
      ]);
    } catch (error) {
      if (seq !== this.seq) return;
      clear(this.body, problem(error));
      this.body.setAttribute('aria-busy', 'false');
      return;
    }
    // An older refresh answering late must not overwrite a newer one.
    if (seq !== this.seq) return;
    const width = (this.body.clientWidth || 800) - 8;
    const firing = alerts.alerts.filter(a => a.state === 'firing');
    const resolved = alerts.alerts.filter(a => a.state === 'resolved');
    const recent = deployments.deployments || [];
    clear(this.body,
      h('section', { className: 'health state-' + health.state },
        h('h2', { text: 'Health' }),
        h('p', {}, h('strong', { className: 'health-state', text: health.state }), ' — ', h('span', { className: 'health-reason', text: health.reason })),
        h('p', { className: 'note', text: 'Last ' + health.windowSeconds + ' s: ' + health.calls + ' calls, ' + health.errors + ' errors ('
          + percent(health.errorRate) + '), p95 ' + ms(health.p95Ms) + '.' })),
      h('section', {},
        h('h2', { text: 'Uptime' }),
        h('p', {}, h('strong', { className: 'uptime', text: uptime.checks ? uptime.uptimePercent + '%' : 'not measured yet' }),
          uptime.checks ? ' over the last ' + uptime.days.length + ' day(s): ' + uptime.upChecks + ' of ' + uptime.checks + ' health checks of the pod of ' + uptime.pod + ' passed.'
            : ' — the pod of ' + uptime.pod + ' has not been checked in this period (a pod never started counts neither way).'),
        uptime.outages.length ? table(['From', 'To', 'Minutes'], uptime.outages.map(o => [o.from, o.to, String(o.minutes)]), 'Outages') : h('p', { className: 'note', text: 'No outage.' })),
      h('section', {},
        h('h2', { text: 'Calls, errors and latency per release' }),
        summaryTable(summary),
        h('div', { className: 'charts' },
          chart('Calls per ' + range.step, 'calls', series, { keys: [['calls', 'calls', null]], absent: 0 }, width),
          chart('Error rate (status 500 and above)', '%', series, { keys: [['errorRate', 'error rate', null]], absent: null }, width),
          chart('Latency p50 (dotted), p95 (solid), p99 (dashed)', 'ms', series, { keys: PERCENTILES, absent: null }, width)),
        h('p', { className: 'note', text: 'Steps of ' + range.step + ' from ' + series.since + '. Telemetry: ' + series.telemetry.written + ' written, '
          + series.telemetry.dropped + ' dropped since the platform started.' })),
      h('section', {},
        h('h2', { text: 'Alerts' }),
        firing.length ? table(['Kind', 'Release', 'Reason', 'Fired'], firing.map(a => [a.kind, a.version, a.reason, a.firedAt]), 'Firing')
          : h('p', { className: 'ok', text: 'No alert is firing.' }),
        resolved.length ? table(['Kind', 'Release', 'Reason', 'Fired', 'Resolved', 'How'], resolved.map(a => [a.kind, a.version, a.reason, a.firedAt, a.resolvedAt || '', a.resolution]), 'Resolved')
          : h('p', { className: 'note', text: 'No alert has resolved.' })),
      h('section', { className: 'recent-deployments' },
        h('h2', { text: 'Recent deployments' }),
        recent.length ? table(['Deployment', 'Version', 'Strategy', 'State', 'Step', 'By', 'Started', 'Reason'], recent.map(d => [
          h('a', { href: '#/deployments/' + d.deploymentId, text: d.deploymentId }), d.version, d.strategy, d.state, d.currentStep,
          d.createdBy || '', d.createdAt, d.failure ? d.failure.code + ': ' + d.failure.message : '']), 'The latest 10, newest first')
          : h('p', { text: 'Nothing is published yet.' }),
        h('p', {}, h('a', { href: '#/w/' + this.ref + '/deployments', text: 'Every deployment with its steps' }))));
    this.body.setAttribute('aria-busy', 'false');
    this.stamp.textContent = 'Read at ' + new Date().toLocaleTimeString();
  }
}
