// The traffic screen: weights against the revision last read, promote, demote, blue/green
// switch, stickiness, shadow, a progressive rollout, rollback with a reason and the history.
import { api, workflowPath } from './api.js';
import { h, clear, field, table, problem } from './dom.js';
import { workflowLinks } from './workflow.js';

function weightsText(routing) {
  if (!routing || !routing.weights) return '';
  return routing.weights.map(w => w.version + ' ' + w.percent + '%').join(', ');
}

export class TrafficScreen extends HTMLElement {
  connectedCallback() {
    this.ref = this.getAttribute('workflow');
    this.status = h('div', { 'aria-live': 'polite', className: 'status' });
    this.load();
  }

  base() { return workflowPath(this.ref); }

  async act(method, path, body, done) {
    clear(this.status);
    try {
      const answer = await api(method, this.base() + path, body);
      await this.load();
      clear(this.status, h('p', { className: 'ok', role: 'status', text: done(answer) }));
    } catch (error) {
      clear(this.status, problem(error));
    }
  }

  async load() {
    let traffic, history, releases;
    try {
      [traffic, history, releases] = await Promise.all([
        api('GET', this.base() + '/traffic'), api('GET', this.base() + '/history'), api('GET', this.base() + '/releases')]);
    } catch (error) {
      this.replaceChildren(h('h1', {}, 'Traffic of ', h('code', { text: this.ref })), workflowLinks(this.ref, 'Traffic'), this.status, problem(error));
      return;
    }
    const versions = (releases.entries || []).filter(e => e.version && e.state !== 'draft').map(e => e.version);
    const options = (selectedNone) => [selectedNone ? h('option', { value: '', text: selectedNone }) : null, versions.map(v => h('option', { value: v, text: v }))];

    const inputs = new Map();
    const weightRows = versions.map(v => {
      const current = (traffic.weights || []).find(w => w.version === v);
      const input = h('input', { type: 'number', min: 0, max: 100, value: current ? current.percent : 0, 'data-version': v });
      inputs.set(v, input);
      const live = current && current.live;
      return [v, field('Percent for ' + v, input), live ? live.requests + ' calls, ' + live.errors + ' errors, p95 ' + live.p95Ms + ' ms' : 'no traffic'];
    });
    const weightsForm = h('form', { onsubmit: (event) => {
      event.preventDefault();
      const weights = {};
      for (const [v, input] of inputs) if (Number(input.value) > 0) weights[v] = Number(input.value);
      this.act('PUT', '/traffic', { revision: traffic.revision, weights }, a => 'Weights saved: ' + weightsText(a.routing) + '.');
    } }, table(['Version', 'Weight', 'Last ' + traffic.liveWindowSeconds + ' s'], weightRows, 'Weights (revision ' + traffic.revision + ')'),
      h('button', { type: 'submit', text: 'Save weights' }),
      h('small', { text: ' Saved against revision ' + traffic.revision + ': if someone changed the routing since, the save is refused and the screen shows why.' }));

    const promoteVersion = h('select', {}, options());
    const promoteWhy = h('input', { type: 'text' });
    const promote = h('form', { className: 'row', onsubmit: (event) => {
      event.preventDefault();
      this.act('POST', '/traffic/promote', { version: promoteVersion.value, why: promoteWhy.value || null }, a => 'Promoted: ' + weightsText(a.routing) + '.');
    } }, field('Version', promoteVersion), field('Why', promoteWhy), h('button', { type: 'submit', text: 'Promote to 100%' }));

    const demoteVersion = h('select', {}, options());
    const demote = h('form', { className: 'row', onsubmit: (event) => {
      event.preventDefault();
      this.act('POST', '/traffic/demote', { version: demoteVersion.value }, a => 'Demoted: ' + weightsText(a.routing) + '.');
    } }, field('Version', demoteVersion), h('button', { type: 'submit', text: 'Demote' }),
      h('button', { type: 'button', text: 'Blue/green switch', onclick: () => this.act('POST', '/traffic/switch', {}, a => 'Switched: ' + weightsText(a.routing) + '.') }));

    const stickiness = h('input', { type: 'text', value: traffic.stickiness || 'off' });
    const sticky = h('form', { className: 'row', onsubmit: (event) => {
      event.preventDefault();
      this.act('PUT', '/traffic/stickiness', { stickiness: stickiness.value.trim() }, () => 'Stickiness set to ' + stickiness.value.trim() + '.');
    } }, field('Stickiness', stickiness, 'off, callerKey or header:NAME'), h('button', { type: 'submit', text: 'Set stickiness' }));

    const shadowVersion = h('select', {}, options('none'));
    if (traffic.shadow) shadowVersion.value = traffic.shadow.version;
    const shadowPercent = h('input', { type: 'number', min: 0, max: 100, value: traffic.shadow ? traffic.shadow.percent : 10 });
    const shadow = h('form', { className: 'row', onsubmit: (event) => {
      event.preventDefault();
      this.act('PUT', '/traffic/shadow', shadowVersion.value ? { version: shadowVersion.value, percent: Number(shadowPercent.value) } : { version: null },
        () => shadowVersion.value ? 'Mirroring ' + shadowPercent.value + '% to ' + shadowVersion.value + '.' : 'Mirroring stopped.');
    } }, field('Shadow version', shadowVersion), field('Shadow percent', shadowPercent), h('button', { type: 'submit', text: 'Set shadow' }));

    const rollbackVersion = h('select', {}, options('the previous release'));
    const rollbackWhy = h('input', { type: 'text', required: true });
    const rollback = h('form', { className: 'row', onsubmit: (event) => {
      event.preventDefault();
      this.act('POST', '/rollback', { version: rollbackVersion.value || null, why: rollbackWhy.value },
        a => 'Rolled back to ' + a.to + ' in ' + Math.round(a.tookMs) + ' ms.');
    } }, field('Back to', rollbackVersion), field('Reason', rollbackWhy), h('button', { type: 'submit', className: 'danger', text: 'Roll back' }));

    const rolloutVersion = h('select', {}, options());
    const rolloutSteps = h('input', { type: 'text', value: '10, 50, 100' });
    const rolloutInterval = h('input', { type: 'number', min: 1, value: 60 });
    const maxErrorRate = h('input', { type: 'number', min: 0, max: 1, step: 'any', value: 0.05 });
    const maxP95 = h('input', { type: 'number', min: 1, value: 1000 });
    const minRequests = h('input', { type: 'number', min: 1, value: 20 });
    const guardWindow = h('input', { type: 'number', min: 1, value: 60 });
    const r = traffic.rollout;
    const stats = r && r.lastStats;
    const rollout = h('div', {},
      r ? h('div', { className: 'rollout' },
        h('p', {}, 'Rollout of ' + r.candidate + ' (from ' + (r.previous || 'nothing') + ', started by ' + (r.startedBy || '') + '): ', h('strong', { className: 'rollout-status', text: r.status }),
          ', step ' + r.step + ' of ' + (r.steps || []).length + ' at ' + r.percent + '%' + (r.active && r.stepStartedAt ? ' since ' + r.stepStartedAt + ', next step after ' + r.intervalSeconds + ' s' : '') + (r.reason ? ' — ' + r.reason : '') + '.'),
        h('p', { className: 'guard' }, 'Guards: error rate ≤ ' + r.guard.maxErrorRate + ', p95 ≤ ' + r.guard.maxP95Ms + ' ms, judged on at least ' + r.guard.minRequests + ' calls over ' + r.guard.windowSeconds + ' s. ',
          stats ? 'Last judged: ' + stats.requests + ' calls, ' + stats.errors + ' errors (rate ' + (Math.round(stats.errorRate * 10000) / 100) + '%), p95 ' + Math.round(stats.p95Ms) + ' ms.' : 'Not judged yet.'),
        r.active ? h('button', { type: 'button', text: 'Stop rollout', onclick: () => this.act('DELETE', '/rollout', undefined, () => 'Rollout stopped.') }) : null)
        : h('p', { text: 'No rollout has run.' }),
      h('form', { className: 'row', onsubmit: (event) => {
        event.preventDefault();
        const steps = rolloutSteps.value.split(',').map(s => Number(s.trim())).filter(n => !Number.isNaN(n));
        this.act('POST', '/rollout', { version: rolloutVersion.value, steps, intervalSeconds: Number(rolloutInterval.value),
          maxErrorRate: Number(maxErrorRate.value), maxP95Ms: Number(maxP95.value), minRequests: Number(minRequests.value),
          windowSeconds: Number(guardWindow.value) }, () => 'Rollout started.');
      } }, field('Version', rolloutVersion), field('Steps (percents)', rolloutSteps), field('Seconds between steps', rolloutInterval),
        field('Guard: max error rate (0 to 1)', maxErrorRate), field('Guard: max p95 (ms)', maxP95),
        field('Guard: min calls', minRequests), field('Guard: window (s)', guardWindow),
        h('button', { type: 'submit', text: 'Start rollout' })));

    const historyRows = (history.entries || []).map(e => [String(e.revision), e.at, e.by, e.why || '', weightsText(e.before), weightsText(e.after)]);

    this.replaceChildren(h('h1', {}, 'Traffic of ', h('code', { text: this.ref })), workflowLinks(this.ref, 'Traffic'), this.status,
      h('p', {}, 'Now: ', h('strong', { className: 'current', text: weightsText(traffic) || 'nothing routed' }),
        traffic.shadow ? ' · shadow ' + traffic.shadow.version + ' ' + traffic.shadow.percent + '%' : '', ' · stickiness ' + traffic.stickiness),
      versions.length ? weightsForm : h('p', { text: 'Nothing is published yet.' }),
      h('h2', { text: 'Promote, demote, switch' }), promote, demote,
      h('h2', { text: 'Rollback' }), rollback,
      h('h2', { text: 'Progressive rollout' }), rollout,
      h('h2', { text: 'Stickiness and shadow' }), sticky, shadow,
      h('h2', { text: 'Routing history' }), historyRows.length ? table(['Revision', 'When', 'Who', 'Why', 'Before', 'After'], historyRows.reverse(), 'Every routing change') : h('p', { text: 'No change yet.' }));
  }
}
