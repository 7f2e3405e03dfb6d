// Production errors of one workflow: the error groups with their counts, trend and the release
// they were first seen in (with a rollback beside it), the executions searched and filtered as the
// executions route allows, and one execution with its node timings, stack trace and masked input.
import { api, workflowPath } from './api.js';
import { h, clear, field, table, problem } from './dom.js';
import { workflowLinks } from './workflow.js';

const SINCE = [['1h', 'Last hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days']];
const STATUSES = [['', 'any'], ['failed', 'failed'], ['timed_out', 'timed out'], ['rejected', 'rejected'], ['succeeded', 'succeeded']];
const BARS = '▁▂▃▄▅▆▇█';
const TREND_BUCKETS = 12;
const TREND_LIMIT = 1000;

function options(pairs) { return pairs.map(([value, text]) => h('option', { value, text })); }

/** A group's failures over the range as a row of bars, from the newest executions the route returns. */
function trend(fingerprint, executions, fromMs, toMs) {
  const counts = new Array(TREND_BUCKETS).fill(0);
  const span = Math.max(1, toMs - fromMs);
  for (const e of executions) {
    if (!e.error || e.error.fingerprint !== fingerprint) continue;
    const i = Math.min(TREND_BUCKETS - 1, Math.max(0, Math.floor((Date.parse(e.startedAt) - fromMs) / span * TREND_BUCKETS)));
    counts[i]++;
  }
  const max = Math.max(...counts);
  const bars = counts.map(c => c === 0 ? '·' : BARS[Math.min(BARS.length - 1, Math.ceil(c / max * BARS.length) - 1)]).join('');
  return h('span', { className: 'trend', role: 'img', 'aria-label': 'Failures in ' + TREND_BUCKETS + ' equal parts of the range, oldest first: ' + counts.join(', '), text: bars });
}

export class ErrorsScreen extends HTMLElement {
  connectedCallback() {
    this.ref = this.getAttribute('workflow');
    this.since = h('select', { name: 'since' }, options(SINCE));
    this.since.value = '24h';
    this.search = h('input', { type: 'search', name: 'search', spellcheck: 'false' });
    this.statusFilter = h('select', { name: 'status' }, options(STATUSES));
    this.version = h('select', { name: 'version' }, options([['', 'any']]));
    this.status = h('div', { 'aria-live': 'polite', className: 'status' });
    this.groups = h('section', { 'aria-live': 'polite' });
    this.executions = h('section', { 'aria-live': 'polite' });
    this.replaceChildren(h('h1', {}, 'Errors of ', h('code', { text: this.ref })), workflowLinks(this.ref, 'Errors'),
      h('form', { className: 'row', role: 'search', onsubmit: (event) => { event.preventDefault(); this.load(); } },
        field('Range', this.since, 'Executions are kept 7 days by default'), field('Search', this.search, 'Words in the error code, node, message, stack trace or masked input'),
        field('Status', this.statusFilter), field('Release', this.version), h('button', { type: 'submit', text: 'Search' })),
      this.status, this.groups, this.executions);
    this.load();
  }

  async load() {
    const base = workflowPath(this.ref);
    const since = this.since.value;
    const query = new URLSearchParams({ since, limit: '100' });
    if (this.search.value.trim()) query.set('search', this.search.value.trim());
    if (this.statusFilter.value) query.set('status', this.statusFilter.value);
    if (this.version.value) query.set('version', this.version.value);
    const seq = this.seq = (this.seq || 0) + 1;
    this.setAttribute('aria-busy', 'true');
    let groups, executions, recent, releases;
    try {
      [groups, executions, recent, releases] = await Promise.all([
        api('GET', base + '/errors?since=' + encodeURIComponent(since)),
        api('GET', base + '/executions?' + query),
        api('GET', base + '/executions?status=failed&limit=' + TREND_LIMIT + '&since=' + encodeURIComponent(since)),
        api('GET', base + '/releases'),
      ]);
    } catch (error) {
      if (seq !== this.seq) return;
      clear(this.groups, problem(error));
      clear(this.executions);
      this.setAttribute('aria-busy', 'false');
      return;
    }
    // An older search answering late must not overwrite a newer one.
    if (seq !== this.seq) return;
    const chosen = this.version.value;
    clear(this.version, options([['', 'any'], ...(releases.entries || []).filter(e => e.version).map(e => [e.version, e.version])]));
    this.version.value = chosen;
    const now = Date.now();
    const from = now - ({ '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 })[since];
    clear(this.groups, h('h2', { text: 'Error groups' }),
      groups.groups.length ? table(['Error', 'Count', 'Trend', 'First seen in', 'Releases', 'First seen', 'Last seen'], groups.groups.map(g => [
        h('div', {}, h('strong', { text: g.code }), g.node ? ' at node ' + g.node : '', h('div', { className: 'message', text: g.lastMessage }),
          h('div', { className: 'note', text: 'Pattern: ' + g.pattern })),
        String(g.count), trend(g.fingerprint, recent.executions, from, now),
        h('div', {}, h('strong', { className: 'first-seen-in', text: g.firstSeenIn }), this.rollbackForm(g)),
        g.releases.map(r => r.version + ': ' + r.count).join(', '), g.firstSeen, g.lastSeen]), 'Failures grouped by workflow, node, code and message pattern')
        : h('p', { className: 'ok', text: 'No failure in this range.' }),
      h('p', { className: 'note', text: 'The trend counts the newest ' + TREND_LIMIT + ' failed executions of the range in ' + TREND_BUCKETS + ' equal parts.' }));
    clear(this.executions, h('h2', { text: 'Executions' }),
      executions.executions.length ? table(['Started', 'Release', 'Status', 'HTTP', 'Duration', 'Caller', 'Error', 'Details'], executions.executions.map(e => [
        e.startedAt, e.version, e.status, String(e.httpStatus), Math.round(e.durationMs) + ' ms', e.caller || '',
        e.error ? e.error.code + (e.error.node ? ' at ' + e.error.node : '') + ': ' + e.error.message : '',
        h('a', { href: '#/executions/' + encodeURIComponent(e.executionId), text: e.executionId })]), 'Newest first, at most 100')
        : h('p', { text: 'No execution matches.' }));
    this.setAttribute('aria-busy', 'false');
  }

  rollbackForm(group) {
    const why = h('input', { type: 'text', required: true, value: group.code + (group.node ? ' at ' + group.node : '') + ' first seen in ' + group.firstSeenIn });
    const form = h('form', { className: 'rollback', onsubmit: async (event) => {
      event.preventDefault();
      clear(this.status);
      try {
        const answer = await api('POST', workflowPath(this.ref) + '/rollback', { version: null, why: why.value });
        clear(this.status, h('p', { className: 'ok', role: 'status', text: 'Rolled back from ' + answer.from + ' to ' + answer.to + ' in ' + Math.round(answer.tookMs) + ' ms.' }));
      } catch (error) { clear(this.status, problem(error)); }
    } }, field('Reason', why), h('button', { type: 'submit', className: 'danger', text: 'Roll back' }));
    return h('details', {}, h('summary', { text: 'Roll back to the release before' }), form);
  }
}

export class ExecutionScreen extends HTMLElement {
  async connectedCallback() {
    const id = this.getAttribute('execution');
    this.replaceChildren(h('h1', {}, 'Execution ', h('code', { text: id })), h('p', { text: 'Loading…' }));
    let e;
    try { e = await api('GET', '/api/v1/executions/' + encodeURIComponent(id)); }
    catch (error) { return this.replaceChildren(h('h1', {}, 'Execution ', h('code', { text: id })), problem(error)); }
    const error = e.error;
    this.replaceChildren(h('h1', {}, 'Execution ', h('code', { text: id })),
      h('nav', { className: 'links', 'aria-label': 'Related screens' },
        h('a', { href: '#/w/' + e.workflow + '/errors', text: 'Errors of ' + e.workflow }), h('a', { href: '#/w/' + e.workflow + '/dashboard', text: 'Dashboard' })),
      h('dl', { className: 'facts' },
        [['Workflow', e.workflow], ['Release', e.version + ' (' + e.releaseId + ')'], ['Started', e.startedAt], ['Status', e.status],
          ['HTTP status', String(e.httpStatus)], ['Duration', Math.round(e.durationMs * 10) / 10 + ' ms'],
          ['Caller', e.caller || 'not known (the publish health check, or a call from before keys were recorded)'], ['Shadow copy', e.shadow ? 'yes' : 'no']]
          .map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
      error ? h('section', { className: 'failure' },
        h('h2', { text: 'Error' }),
        h('p', {}, h('strong', { text: error.code }), error.node ? ' at node ' + error.node : '', error.type ? ' (' + error.type + ')' : ''),
        h('p', { className: 'message', text: error.message }),
        h('h3', { text: 'Stack trace' }), h('pre', { className: 'code stack', tabindex: '0', text: error.stackTrace || 'none recorded' }),
        h('h3', { text: 'Input (sensitive fields masked)' }), h('pre', { className: 'code input', tabindex: '0', text: error.input || 'none recorded' }))
        : h('p', { className: 'ok', text: 'This execution did not fail.' }),
      h('h2', { text: 'Nodes' }),
      (e.nodes || []).length ? table(['Node', 'Type', 'Status', 'Duration'], e.nodes.map(n => [n.node, n.type, n.status, Math.round(n.durationMs * 100) / 100 + ' ms']), 'In the order they ran')
        : h('p', { className: 'note', text: 'No node timings were recorded.' }));
  }
}
