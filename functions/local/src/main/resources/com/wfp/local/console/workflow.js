// The workflow screens: the editor (a JSON text area standing in for the designer's canvas) with
// Validate, Play and Publish; the publish dialog; a deployment followed live; the versions.
import { api, base, follow, workflowPath } from './api.js';
import { h, clear, field, table, problem, copyable } from './dom.js';

function starter(name) {
  return JSON.stringify({
    format: 1, id: name, name,
    nodes: [
      { id: 'start', type: 'trigger.http', config: { method: 'POST', auth: 'apiKey', example: {} } },
      { id: 'reply', type: 'respond', config: { status: 200, body: 'input' } },
    ],
    edges: [{ from: 'start', to: 'reply' }],
  }, null, 2);
}

export function workflowLinks(ref, current) {
  return h('nav', { className: 'links', 'aria-label': 'Workflow screens' },
    [['', 'Editor'], ['/versions', 'Versions'], ['/deployments', 'Deployments'], ['/traffic', 'Traffic'], ['/dashboard', 'Dashboard'], ['/errors', 'Errors']].map(([suffix, label]) =>
      h('a', { href: '#/w/' + ref + suffix, text: label, 'aria-current': current === label ? 'page' : null })));
}

/**
 * Where the value at a JSON path such as $.edges[1].to or $.nodes[2].config.url sits in the
 * document's text, as [start, end), or null when the text has no such place (or is not JSON).
 */
export function locate(text, path) {
  const segments = [];
  const rest = String(path || '').replace(/^\$/, '').replace(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g, (m, key, index, quoted) => {
    segments.push(index !== undefined ? Number(index) : (key !== undefined ? key : quoted));
    return '';
  });
  if (rest) return null;
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const skip = () => {
    ws();
    const open = text[i];
    if (open === '"') return string();
    if (open !== '{' && open !== '[') { while (i < text.length && !/[\s,\]}]/.test(text[i])) i++; return null; }
    const close = open === '{' ? '}' : ']';
    i++;
    ws();
    if (text[i] === close) { i++; return null; }
    for (;;) {
      ws();
      if (open === '{') { string(); ws(); i++; }
      skip();
      ws();
      if (text[i++] !== ',') return null;
    }
  };
  try {
    for (const segment of segments) {
      ws();
      if (typeof segment === 'number') {
        if (text[i++] !== '[') return null;
        for (let n = 0; ; n++) {
          ws();
          if (text[i] === ']') return null;
          if (n === segment) break;
          skip();
          ws();
          if (text[i++] !== ',') return null;
        }
      } else {
        if (text[i++] !== '{') return null;
        for (;;) {
          ws();
          if (text[i] !== '"') return null;
          const key = string();
          ws();
          i++;
          if (key === segment) break;
          skip();
          ws();
          if (text[i++] !== ',') return null;
        }
      }
    }
    ws();
    const start = i;
    skip();
    return i > start ? [start, i] : null;
  } catch { return null; }
}

/** Puts the caret on the place a finding is about: its JSON path, else its node's entry. */
function selectNode(editor, nodeId, path) {
  const text = editor.value;
  editor.focus();
  const place = path ? locate(text, path) : null;
  if (place) return editor.setSelectionRange(place[0], place[1]);
  const at = nodeId ? text.search(new RegExp('"id"\\s*:\\s*' + JSON.stringify(nodeId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))) : -1;
  if (at >= 0) editor.setSelectionRange(at, text.indexOf('}', at) > 0 ? text.indexOf('}', at) + 1 : at);
}

/** A button that puts the caret on the finding's node, labelled with its node and JSON path. */
function goTo(editor, f) {
  return h('button', { type: 'button', className: 'link', onclick: () => selectNode(editor, f.nodeId, f.path),
    text: 'Go to ' + (f.nodeId ? 'node ' + f.nodeId : 'the document') + (f.path ? ' at ' + f.path : '') });
}

function findingList(findings, editor) {
  if (!findings.length) return h('p', { className: 'ok', text: 'No findings.' });
  return h('ul', { className: 'findings' }, findings.map(f => h('li', { className: String(f.severity).toUpperCase() === 'ERROR' ? 'error' : 'warning' },
    h('strong', { text: (f.severity || '') + ' ' + f.code }), ' ', f.message,
    f.hint ? h('div', { className: 'hint', text: f.hint }) : null,
    goTo(editor, f))));
}

/** A node-level diff as a list: nodes added, removed and changed (with the config keys), then edges. */
function diffList(diff) {
  if (diff.identical) return h('p', { className: 'diff-identical', text: 'Identical: no node or edge changed.' });
  const edge = e => (e.from || '') + ' → ' + (e.to || '');
  return h('ul', { className: 'diff-list' },
    (diff.nodesAdded || []).map(n => h('li', { text: 'added node ' + n })),
    (diff.nodesRemoved || []).map(n => h('li', { text: 'removed node ' + n })),
    (diff.nodesChanged || []).map(c => h('li', { text: 'changed node ' + c.nodeId + (c.typeBefore !== c.typeAfter ? ' (' + c.typeBefore + ' → ' + c.typeAfter + ')' : '') + (c.configKeysChanged && c.configKeysChanged.length ? ': ' + c.configKeysChanged.join(', ') : '') })),
    (diff.edgesAdded || []).map(e => h('li', { text: 'added edge ' + (typeof e === 'string' ? e : edge(e)) })),
    (diff.edgesRemoved || []).map(e => h('li', { text: 'removed edge ' + (typeof e === 'string' ? e : edge(e)) })),
    [['settingsChanged', 'setting changed'], ['workflowFieldsChanged', 'workflow field changed'], ['credentialsAdded', 'credential added'],
      ['credentialsRemoved', 'credential removed'], ['credentialsChanged', 'credential changed']]
      .map(([key, label]) => (diff[key] || []).map(name => h('li', { text: label + ' ' + name }))));
}

function parseOrProblem(text) {
  try { return { value: JSON.parse(text) }; } catch (e) { return { error: { code: 'parse.syntax', message: 'The document is not JSON: ' + e.message } }; }
}

export class WorkflowScreen extends HTMLElement {
  connectedCallback() {
    this.ref = this.getAttribute('workflow');
    this.editor = h('textarea', { rows: 22, spellcheck: 'false', className: 'code' });
    this.input = h('textarea', { rows: 4, spellcheck: 'false', className: 'code', placeholder: 'empty: the trigger\'s example' });
    this.publishButton = h('button', { type: 'button', className: 'primary', disabled: true, 'aria-describedby': 'publish-reasons', text: 'Publish', onclick: () => this.openPublish() });
    this.reasons = h('ul', { id: 'publish-reasons', className: 'reasons', 'aria-live': 'polite' });
    this.output = h('section', { 'aria-live': 'polite', 'aria-label': 'Results' });
    this.draftState = h('p', { className: 'note' });
    let timer = null;
    this.editor.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => this.checkPublishability(), 400); });
    this.replaceChildren(
      h('h1', {}, 'Workflow ', h('code', { text: this.ref })), workflowLinks(this.ref, 'Editor'),
      h('div', { className: 'toolbar' },
        h('button', { type: 'button', text: 'Validate', onclick: () => this.validate() }),
        h('button', { type: 'button', text: 'Save draft', onclick: () => this.save() }),
        h('button', { type: 'button', text: 'Play', onclick: () => this.play() }),
        this.publishButton),
      this.reasons, this.draftState,
      h('div', { className: 'split' },
        h('div', {}, field('Workflow document (JSON)', this.editor), field('Play input (JSON)', this.input)),
        this.output));
    this.load();
  }

  async load() {
    try {
      const draft = await api('GET', workflowPath(this.ref) + '/draft');
      this.editor.value = JSON.stringify(draft.definition, null, 2);
      this.draftState.textContent = 'Draft saved ' + draft.savedAt + (draft.differsFromLive ? ', differs from the live release.' : ', same as the live release.');
    } catch (error) {
      if (error.status !== 404) clear(this.output, problem(error));
      this.editor.value = starter(this.ref.split('/')[2]);
      this.draftState.textContent = 'No saved draft: a starting document. Nothing is published yet unless the Versions screen says so.';
    }
    this.checkPublishability();
  }

  async checkPublishability() {
    // Answers can come back out of order while the person types: only the latest one counts.
    const asked = this.asked = (this.asked || 0) + 1;
    const parsed = parseOrProblem(this.editor.value);
    let state;
    if (parsed.error) {
      state = { enabled: false, reasons: [parsed.error.message] };
    } else {
      try { state = await api('POST', '/api/v1/publishability', parsed.value); }
      catch (error) { state = { enabled: false, reasons: [error.message] }; }
    }
    // Each reason is one error finding, in the validator's order: the report says where each one is.
    let errors = [];
    if (!state.enabled && !parsed.error) {
      try { errors = (await api('POST', '/api/v1/validate', parsed.value)).findings || []; }
      catch (error) { errors = (error.json && error.json.findings) || []; }
      errors = errors.filter(f => String(f.severity).toUpperCase() === 'ERROR');
    }
    if (asked !== this.asked) return;
    this.publishButton.disabled = !state.enabled;
    const reasons = state.reasons || [];
    const located = errors.length === reasons.length;
    clear(this.reasons, state.enabled ? h('li', { className: 'ok', text: 'Ready to publish.' })
      : reasons.map((r, i) => h('li', {}, r, located ? [' ', goTo(this.editor, errors[i])] : null)));
    if (!state.enabled) this.reasons.prepend(h('li', { className: 'title', text: 'Publish is disabled:' }));
  }

  async validate() {
    const parsed = parseOrProblem(this.editor.value);
    if (parsed.error) return clear(this.output, h('h2', { text: 'Validation' }), problem(parsed.error));
    try {
      let report;
      // A document with errors answers 422 with the same report.
      try { report = await api('POST', '/api/v1/validate', parsed.value); }
      catch (error) { if (error.json && Array.isArray(error.json.findings)) report = error.json; else throw error; }
      clear(this.output, h('h2', { text: 'Validation: ' + (report.valid ? 'valid' : 'not valid') }), findingList(report.findings || [], this.editor));
    } catch (error) {
      clear(this.output, h('h2', { text: 'Validation' }), problem(error),
        error.body && error.body.path ? h('button', { type: 'button', className: 'link', text: 'At ' + error.body.path, onclick: () => this.editor.focus() }) : null);
    }
    this.checkPublishability();
  }

  async save() {
    const parsed = parseOrProblem(this.editor.value);
    if (parsed.error) return clear(this.output, problem(parsed.error));
    try {
      const saved = await api('PUT', workflowPath(this.ref) + '/draft', parsed.value);
      this.draftState.textContent = 'Draft saved ' + saved.savedAt + (saved.differsFromLive ? ', differs from the live release.' : ', same as the live release.');
      return saved;
    } catch (error) { clear(this.output, problem(error)); return null; }
  }

  async play() {
    const parsed = parseOrProblem(this.editor.value);
    if (parsed.error) return clear(this.output, problem(parsed.error));
    const body = { definition: parsed.value };
    if (this.input.value.trim()) {
      const input = parseOrProblem(this.input.value);
      if (input.error) return clear(this.output, problem({ message: 'The play input is not JSON: ' + input.error.message }));
      body.input = input.value;
    } else {
      const trigger = (parsed.value.nodes || []).find(n => n && typeof n.type === 'string' && n.type.startsWith('trigger.'));
      if (trigger && trigger.config && trigger.config.example !== undefined) body.input = trigger.config.example;
    }
    clear(this.output, h('p', { text: 'Running the draft in the debug pod…' }));
    try {
      const run = await api('POST', workflowPath(this.ref) + '/draft/run', body);
      const trace = Array.isArray(run.trace) ? run.trace : (run.trace && run.trace.nodes) || [];
      clear(this.output, h('h2', { text: 'Play: status ' + run.status }),
        h('p', { className: 'note', text: 'Ran in the ' + (run.pod && run.pod.kind) + ' pod (pid ' + (run.pod && run.pod.pid) + '), never the production pod.' }),
        h('h3', { text: 'Response' }), h('pre', { className: 'code', text: JSON.stringify(run.body, null, 2) }),
        h('h3', { text: 'Trace' }), h('pre', { className: 'code', text: JSON.stringify(run.trace, null, 2) }),
        trace.length ? null : null);
    } catch (error) { clear(this.output, h('h2', { text: 'Play' }), problem(error)); }
  }

  async openPublish() {
    const parsed = parseOrProblem(this.editor.value);
    if (parsed.error) return;
    const saved = await this.save();
    let listing = null;
    try { listing = await api('GET', workflowPath(this.ref) + '/releases'); } catch (error) { if (error.status !== 404) return clear(this.output, problem(error)); }
    const user = this.ref.split('/')[0];
    const live = listing ? (listing.entries || []).filter(e => e.state === 'live') : [];
    const version = h('input', { type: 'text', required: true, value: (listing && listing.suggestedVersion) || 'v1.0.0', pattern: 'v?[0-9]+\\.[0-9]+\\.[0-9]+.*' });
    const notes = h('textarea', { rows: 3 });
    const strategy = h('select', {}, h('option', { value: 'all', text: 'All traffic at once' }),
      h('option', { value: 'staged', text: 'Staged (0%, promote later)' }), h('option', { value: 'canary', text: 'Canary (a share of traffic)' }));
    const canary = h('input', { type: 'number', min: 1, max: 99, value: 10 });
    const canaryField = field('Canary percent', canary);
    canaryField.hidden = true;
    strategy.addEventListener('change', () => { canaryField.hidden = strategy.value !== 'canary'; confirm(); });
    const productionUrl = listing ? listing.productionUrl : location.origin + base + 'w/' + this.ref;
    const confirmation = h('p', { className: 'confirm' });
    const confirm = () => {
      const share = strategy.value === 'all' ? 'all traffic' : strategy.value === 'staged' ? 'no traffic until promoted' : canary.value + '% of traffic';
      confirmation.textContent = 'Publishes ' + version.value + ' of ' + this.ref + ' into the production pod of user ' + user
        + ' with ' + share + '. Production URL: ' + productionUrl + ' · Pinned URL: ' + productionUrl + '/v/' + version.value;
    };
    version.addEventListener('input', confirm);
    canary.addEventListener('input', confirm);
    confirm();
    const status = h('div', { 'aria-live': 'polite' });
    const diffOut = h('div', { className: 'diff', 'aria-live': 'polite' });
    // The saved draft against the live release taking the most traffic, node by node.
    const mainLive = live.slice().sort((a, b) => b.trafficPercent - a.trafficPercent)[0];
    if (mainLive && saved) {
      api('GET', workflowPath(this.ref) + '/diff?from=' + encodeURIComponent(mainLive.version))
        .then(diff => clear(diffOut, h('h4', { text: 'Nodes changed from ' + mainLive.version }), diffList(diff)))
        .catch(error => clear(diffOut, problem(error)));
    }
    const dialog = h('dialog', { 'aria-labelledby': 'publish-title' });
    const form = h('form', { onsubmit: async (event) => {
      event.preventDefault();
      const body = { definition: parsed.value, version: version.value.trim(), notes: notes.value,
        strategy: strategy.value === 'canary' ? 'canary:' + canary.value : strategy.value };
      try {
        const started = await api('POST', workflowPath(this.ref) + '/releases', body, { 'Idempotency-Key': crypto.randomUUID() });
        dialog.close();
        dialog.remove();
        location.hash = '#/deployments/' + started.deploymentId;
      } catch (error) { clear(status, problem(error)); }
    } },
      h('h2', { id: 'publish-title', text: 'Publish ' + this.ref }),
      field('Version', version, listing ? 'Suggested: ' + listing.suggestedVersion + ' (patch ' + listing.suggestions.patch + ', minor ' + listing.suggestions.minor + ', major ' + listing.suggestions.major + ')' : 'The first release of this workflow.'),
      field('Release notes', notes), field('Strategy', strategy), canaryField,
      h('h3', { text: 'Change from live' }),
      h('p', { text: live.length
        ? 'Live now: ' + live.map(e => e.version + ' (' + e.trafficPercent + '%)').join(', ') + '. This document ' + (saved && saved.differsFromLive ? 'differs from the live release.' : 'is the same as the live release.')
        : 'Nothing is live yet: every node is new.' }),
      diffOut,
      confirmation, status,
      h('div', { className: 'toolbar' }, h('button', { type: 'submit', className: 'primary', text: 'Publish now' }),
        h('button', { type: 'button', text: 'Cancel', onclick: () => { dialog.close(); dialog.remove(); this.publishButton.focus(); } })));
    dialog.append(form);
    this.append(dialog);
    dialog.showModal();
    version.focus();
  }
}

function eta(ms) {
  if (ms === null || ms === undefined || ms < 0) return 'unknown';
  return ms < 1000 ? 'under a second' : Math.round(ms / 1000) + ' s';
}

const POD_START = {
  cold: 'cold: this publish starts the user\'s production pod, which takes longer',
  warm: 'warm: the user\'s production pod was running, so the release is hot-loaded',
};

function stepsTable(d) {
  return table(['Step', 'Outcome', 'Started', 'Took', 'Error'], (d.steps || []).map(s => [s.step, s.outcome || 'pending',
    s.startedAt || '', s.durationMs !== undefined ? s.durationMs + ' ms' : '', s.error || '']), 'Steps');
}

function endedAt(d) {
  const steps = d.steps || [];
  return d.state !== 'running' && steps.length ? steps[steps.length - 1].endedAt || '' : '';
}

function reason(d) {
  return d.failure ? d.failure.code + ': ' + d.failure.message : '';
}

export class DeploymentScreen extends HTMLElement {
  connectedCallback() {
    this.id = this.getAttribute('deployment');
    this.abort = new AbortController();
    this.view = h('div', { 'aria-live': 'polite' });
    this.replaceChildren(h('h1', {}, 'Deployment ', h('code', { text: this.id })), this.view);
    this.run();
  }

  disconnectedCallback() { this.abort.abort(); }

  async run() {
    try {
      await follow('/api/v1/deployments/' + encodeURIComponent(this.id) + '/events', (status) => this.show(status), this.abort.signal);
    } catch (error) {
      if (!this.abort.signal.aborted) this.view.prepend(problem(error));
    }
  }

  show(d) {
    const done = d.state === 'succeeded' || d.state === 'failed';
    const percent = d.percentDone ?? 0;
    const progress = h('progress', { max: 100, value: percent, 'aria-label': 'Percent done' });
    clear(this.view,
      h('p', { className: 'state state-' + d.state }, 'Publishing ', h('strong', { text: d.version }), ' of ', d.workflow, ' (' + d.strategy + '): ', h('strong', { className: 'outcome', text: d.state })),
      h('div', { className: 'row' }, progress, h('span', { className: 'percent', text: percent + '% done' }),
        h('span', { className: 'estimate', text: done ? 'finished' : 'estimate: ' + eta(d.etaMs) + ' left' + (d.currentStep ? ' (now at ' + d.currentStep + ')' : '') })),
      h('p', { className: 'pod-start note', text: 'Pod start ' + (POD_START[d.podStart] || d.podStart || 'unknown') + '. The estimate is the mean of recent publishes with the same pod start.' }),
      stepsTable(d),
      d.failure ? problem({ code: d.failure.code, message: 'Failed at ' + d.failure.step + ': ' + d.failure.message, hint: d.failure.hint }) : null,
      d.productionUrl ? h('div', { className: 'urls' }, copyable('Production URL', d.productionUrl), copyable('Pinned URL', d.pinnedUrl)) : null,
      h('nav', { className: 'links', 'aria-label': 'Next' },
        h('a', { href: '#/w/' + d.workflow + '/deployments', text: 'All deployments' }),
        h('a', { href: '#/w/' + d.workflow + '/versions', text: 'Versions' }), h('a', { href: '#/w/' + d.workflow + '/traffic', text: 'Traffic' }),
        h('a', { href: '#/w/' + d.workflow, text: 'Back to the editor' })));
    this.dataset.state = d.state;
  }
}

/** The workflow's latest deployments, newest first, each with its steps, outcome and reason. */
export class DeploymentsScreen extends HTMLElement {
  connectedCallback() {
    this.ref = this.getAttribute('workflow');
    this.replaceChildren(h('h1', {}, 'Deployments of ', h('code', { text: this.ref })), workflowLinks(this.ref, 'Deployments'), h('p', { text: 'Loading…' }));
    this.load();
  }

  async load() {
    const title = h('h1', {}, 'Deployments of ', h('code', { text: this.ref }));
    let body;
    try { body = await api('GET', workflowPath(this.ref) + '/deployments?limit=20'); }
    catch (error) { return this.replaceChildren(title, workflowLinks(this.ref, 'Deployments'), problem(error)); }
    const list = body.deployments || [];
    clear(this, title, workflowLinks(this.ref, 'Deployments'),
      list.length ? table(['Deployment', 'Version', 'Strategy', 'State', 'Step', 'Done', 'By', 'Started', 'Ended', 'Reason'], list.map(d => [
        h('a', { href: '#/deployments/' + d.deploymentId, text: d.deploymentId }), d.version, d.strategy, d.state, d.currentStep,
        (d.percentDone ?? 0) + '%', d.createdBy || '', d.createdAt, endedAt(d), reason(d)]), 'The latest 20, newest first')
        : h('p', { text: 'No deployment yet: publish from the editor.' }),
      list.map(d => h('details', { className: 'deployment-steps' },
        h('summary', { text: d.version + ' (' + d.state + ', ' + d.deploymentId + '): ' + (d.steps || []).length + ' steps' }),
        stepsTable(d),
        d.failure ? problem({ code: d.failure.code, message: 'Failed at ' + d.failure.step + ': ' + d.failure.message, hint: d.failure.hint }) : null)));
  }
}

export class VersionsScreen extends HTMLElement {
  connectedCallback() {
    this.ref = this.getAttribute('workflow');
    this.replaceChildren(h('h1', {}, 'Versions of ', h('code', { text: this.ref })), workflowLinks(this.ref, 'Versions'), h('p', { text: 'Loading…' }));
    this.load();
  }

  async load() {
    let listing;
    try { listing = await api('GET', workflowPath(this.ref) + '/releases'); }
    catch (error) { return this.replaceChildren(h('h1', { text: 'Versions' }), workflowLinks(this.ref, 'Versions'), problem(error)); }
    const entries = listing.entries || [];
    const releases = entries.filter(e => e.version);
    const docs = h('section', { 'aria-live': 'polite' });
    const from = h('select', {}, releases.map(e => h('option', { value: e.version, text: e.version })));
    const hasDraft = entries.some(e => e.state === 'draft');
    const to = h('select', {}, hasDraft ? h('option', { value: '', text: 'the saved draft' }) : null,
      releases.map(e => h('option', { value: e.version, text: e.version })));
    if (releases.length > 1 && !hasDraft) from.value = releases[1].version;
    const diffOut = h('section', { 'aria-live': 'polite' });
    this.replaceChildren(h('h1', {}, 'Versions of ', h('code', { text: this.ref })), workflowLinks(this.ref, 'Versions'),
      copyable('Production URL', listing.productionUrl),
      table(['Version', 'State', 'Traffic', 'Notes', 'By', 'When', 'API docs'], entries.map(e => [
        e.version || 'draft', e.state, e.version ? e.trafficPercent + '%' + (e.shadow ? ' + shadow' : '') : (e.differsFromLive ? 'differs from live' : 'same as live'),
        e.notes || '', e.createdBy || e.savedBy || '', e.createdAt || e.savedAt || '',
        e.version ? h('button', { type: 'button', className: 'link', text: 'OpenAPI of ' + e.version, onclick: () => this.showDocs(docs, e.version) }) : '']), 'Draft and releases'),
      docs,
      releases.length > 1 || (releases.length && hasDraft) ? h('form', { className: 'row', onsubmit: async (event) => {
        event.preventDefault();
        try {
          const diff = await api('GET', workflowPath(this.ref) + '/diff?from=' + encodeURIComponent(from.value) + (to.value ? '&to=' + encodeURIComponent(to.value) : ''));
          clear(diffOut, h('h2', { text: 'From ' + diff.from + ' to ' + (diff.to || 'the saved draft') }), diffList(diff));
        } catch (error) { clear(diffOut, problem(error)); }
      } }, field('From', from), field('To', to), h('button', { type: 'submit', text: 'Diff' })) : h('p', { className: 'note', text: 'A diff needs two releases, or a release and a saved draft.' }),
      diffOut,
      h('p', {}, 'Try the calls with Swagger UI on ', h('a', { href: 'docs/', text: 'the API docs page' }), '.'));
  }

  async showDocs(target, version) {
    try {
      const doc = await api('GET', workflowPath(this.ref) + '/openapi.json?version=' + encodeURIComponent(version));
      clear(target, h('h2', { text: 'OpenAPI document of ' + version }),
        h('ul', {}, Object.keys(doc.paths || {}).map(p => h('li', {}, h('code', { text: p }), ' ', Object.keys(doc.paths[p]).join(', ').toUpperCase()))),
        h('details', {}, h('summary', { text: 'The whole document' }), h('pre', { className: 'code', text: JSON.stringify(doc, null, 2) })));
    } catch (error) { clear(target, problem(error)); }
  }
}
