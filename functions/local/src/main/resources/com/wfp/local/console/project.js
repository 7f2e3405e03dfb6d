// A project's API keys (a created or rotated key is shown once), its secrets (names only) and its
// members; the audit trail searched, and its hash chain verified.
import { api } from './api.js';
import { h, clear, field, table, problem, copyable, confirmed } from './dom.js';

const ROLES = ['viewer', 'developer', 'maintainer', 'owner'];

function projectPath(ref) {
  return '/api/v1/projects/' + ref.split('/').map(encodeURIComponent).join('/');
}

function projectLinks(ref, current) {
  return h('nav', { className: 'links', 'aria-label': 'Project screens' },
    [['keys', 'API keys'], ['secrets', 'Secrets'], ['members', 'Members']].map(([suffix, label]) =>
      h('a', { href: '#/p/' + ref + '/' + suffix, text: label, 'aria-current': current === suffix ? 'page' : null })));
}

export class ProjectsScreen extends HTMLElement {
  async connectedCallback() {
    const user = h('input', { type: 'text', value: 'local', required: true, pattern: '[A-Za-z0-9._\\-]+' });
    const project = h('input', { type: 'text', value: 'default', required: true, pattern: '[A-Za-z0-9._\\-]+' });
    const open = h('form', { className: 'row', onsubmit: (event) => {
      event.preventDefault();
      location.hash = '#/p/' + user.value.trim() + '/' + project.value.trim() + '/keys';
    } }, field('User', user), field('Project', project), h('button', { type: 'submit', text: 'Open' }));
    const list = h('section', { 'aria-live': 'polite' }, h('p', { text: 'Loading…' }));
    this.replaceChildren(h('h1', { text: 'Projects' }), open, list);
    try {
      const body = await api('GET', '/api/v1/projects');
      clear(list, body.projects.length
        ? table(['Project', 'Owner', 'Your role', 'Created', 'Screens'], body.projects.map(p => {
            const ref = p.user + '/' + p.project;
            return [ref, p.owner, p.role, p.createdAt, h('span', { className: 'links' },
              h('a', { href: '#/p/' + ref + '/keys', text: 'Keys' }), h('a', { href: '#/p/' + ref + '/secrets', text: 'Secrets' }),
              h('a', { href: '#/p/' + ref + '/members', text: 'Members' }))];
          }), 'The projects you can read')
        : h('p', { text: 'No project lists you as a member.' }));
    } catch (error) { clear(list, problem(error)); }
  }
}

export class ProjectScreen extends HTMLElement {
  connectedCallback() {
    this.ref = this.getAttribute('project');
    this.section = this.getAttribute('section');
    this.status = h('div', { 'aria-live': 'polite', className: 'status' });
    this.shown = h('div', { 'aria-live': 'polite' });
    this.content = h('div', {});
    const titles = { keys: 'API keys', secrets: 'Secrets', members: 'Members' };
    this.replaceChildren(h('h1', {}, titles[this.section] + ' of ', h('code', { text: this.ref })), projectLinks(this.ref, this.section),
      this.status, this.shown, this.content);
    this.load();
  }

  base() { return projectPath(this.ref); }

  async act(method, path, body, done) {
    clear(this.status);
    try {
      const answer = await api(method, this.base() + path, body);
      await this.load();
      const message = done(answer);
      if (message) clear(this.status, h('p', { className: 'ok', role: 'status', text: message }));
      return answer;
    } catch (error) {
      clear(this.status, problem(error));
      return null;
    }
  }

  async load() {
    try {
      if (this.section === 'keys') await this.keys();
      else if (this.section === 'secrets') await this.secrets();
      else await this.members();
    } catch (error) { clear(this.content, problem(error)); }
  }

  /** A key the platform will never show again, with how to copy it and a button that forgets it here. */
  showOnce(created, what) {
    const box = h('section', { className: 'once', role: 'alert' },
      h('h2', { text: what + ' ' + created.id }),
      h('p', { text: created.shownOnce }),
      copyable('The key', created.key),
      h('button', { type: 'button', text: 'I have stored it', onclick: () => clear(this.shown) }));
    clear(this.shown, box);
    box.querySelector('input').focus();
  }

  async keys() {
    const body = await api('GET', this.base() + '/keys');
    const name = h('input', { type: 'text', required: true });
    const workflow = h('input', { type: 'text', pattern: '[A-Za-z0-9._\\-]+' });
    const version = h('input', { type: 'text' });
    const expires = h('input', { type: 'text', pattern: '[0-9]{1,6}[smhd]', placeholder: '30d' });
    const rate = h('input', { type: 'number', min: 0, value: 0 });
    const invoke = h('input', { type: 'checkbox', checked: true, id: 'key-invoke' });
    const read = h('input', { type: 'checkbox', id: 'key-read' });
    const environment = h('select', {}, h('option', { value: 'live', text: 'live (wfp_live_)' }), h('option', { value: 'test', text: 'test (wfp_test_)' }));
    const create = h('form', { className: 'row', onsubmit: async (event) => {
      event.preventDefault();
      const permissions = [invoke.checked ? 'invoke' : null, read.checked ? 'read' : null].filter(Boolean);
      const created = await this.act('POST', '/keys', {
        name: name.value, workflow: workflow.value.trim() || null, version: version.value.trim() || null,
        expires: expires.value.trim() || null, rate: Number(rate.value) || null, permissions, environment: environment.value,
      }, () => null);
      if (created) { this.showOnce(created, 'Created key'); name.value = ''; }
    } }, field('Name', name), field('Workflow', workflow, 'Empty: every workflow of the project'), field('Version', version, 'Empty: every version'),
      field('Expires after', expires, 'Such as 30d or 12h; empty: never'), field('Calls per second', rate, '0: no limit'),
      h('fieldset', {}, h('legend', { text: 'Permissions' }),
        h('span', { className: 'check' }, invoke, h('label', { for: 'key-invoke', text: 'invoke' })),
        h('span', { className: 'check' }, read, h('label', { for: 'key-read', text: 'read' }))),
      field('Environment', environment), h('button', { type: 'submit', className: 'primary', text: 'Create key' }));
    const rows = body.keys.map(k => {
      const state = k.revokedAt ? 'revoked ' + k.revokedAt : (k.expiresAt && Date.parse(k.expiresAt) < Date.now() ? 'expired' : 'active');
      const overlap = h('input', { type: 'text', value: '24h', pattern: '[0-9]{1,6}[smhd]', size: 5 });
      const actions = k.revokedAt ? '' : h('div', { className: 'toolbar' },
        confirmed('Revoke', 'Revoke ' + k.id + ' now? Calls with it are refused from the next one.', () =>
          this.act('DELETE', '/keys/' + encodeURIComponent(k.id), undefined, () => 'Revoked ' + k.id + '.')),
        h('form', { className: 'row', onsubmit: async (event) => {
          event.preventDefault();
          const rotated = await this.act('POST', '/keys/' + encodeURIComponent(k.id) + '/rotate', { overlap: overlap.value.trim() || null }, () => null);
          if (rotated) this.showOnce(rotated, 'Rotated: new key');
        } }, field('Old key works for', overlap), h('button', { type: 'submit', text: 'Rotate' })));
      return [k.id, k.name || '', k.environment, (k.workflow || 'every workflow') + (k.version ? ' @ ' + k.version : ''), k.permissions.join(', '),
        k.ratePerSecond ? k.ratePerSecond + '/s' : 'no limit', k.createdAt, k.expiresAt || 'never', k.lastUsedAt || 'never',
        state + (k.replacedBy ? ', replaced by ' + k.replacedBy : ''), actions];
    });
    clear(this.content,
      h('h2', { text: 'Create a key' }), create,
      h('h2', { text: 'Keys' }),
      rows.length ? table(['Id', 'Name', 'Env', 'Scope', 'Permissions', 'Rate', 'Created', 'Expires', 'Last used', 'State', 'Actions'], rows, 'The platform keeps only a hash of each key')
        : h('p', { text: 'No key yet.' }));
  }

  async secrets() {
    const body = await api('GET', this.base() + '/secrets');
    const name = h('input', { type: 'text', required: true, pattern: '[A-Za-z0-9_.\\-]+', spellcheck: 'false' });
    const value = h('input', { type: 'password', required: true, autocomplete: 'off', maxlength: 16384 });
    const set = h('form', { className: 'row', onsubmit: async (event) => {
      event.preventDefault();
      const secretName = name.value.trim();
      const done = await this.act('PUT', '/secrets/' + encodeURIComponent(secretName), { value: value.value }, () => 'Secret ' + secretName + ' set.');
      value.value = '';
      if (done) name.value = '';
    } }, field('Name', name), field('Value', value, 'Sealed at once; never shown again, here or anywhere'), h('button', { type: 'submit', className: 'primary', text: 'Set secret' }));
    clear(this.content,
      h('h2', { text: 'Set a secret' }), set,
      h('h2', { text: 'Secrets' }),
      body.secrets.length ? table(['Name', 'Updated', 'Actions'], body.secrets.map(s => [s.name, s.updatedAt,
        confirmed('Delete', 'Delete the secret ' + s.name + '? Releases that read it fail at their next load.', () =>
          this.act('DELETE', '/secrets/' + encodeURIComponent(s.name), undefined, () => 'Secret ' + s.name + ' deleted.'))]), 'Names only: values never leave the platform')
        : h('p', { text: 'No secret yet.' }));
  }

  async members() {
    const body = await api('GET', this.base() + '/members');
    const person = h('input', { type: 'text', required: true, pattern: '[a-z0-9][a-z0-9\\-]*', spellcheck: 'false' });
    const role = h('select', {}, ROLES.map(r => h('option', { value: r, text: r })));
    const add = h('form', { className: 'row', onsubmit: (event) => {
      event.preventDefault();
      const who = person.value.trim();
      this.act('PUT', '/members/' + encodeURIComponent(who), { role: role.value }, m => m.person + ' is now ' + m.role + '.');
    } }, field('Person', person, 'Their id, such as dev; an administrator adds people with wfp people add'), field('Role', role),
      h('button', { type: 'submit', className: 'primary', text: 'Add or change role' }));
    clear(this.content,
      h('h2', { text: 'Add a member' }), add,
      h('h2', { text: 'Members' }),
      body.members.length ? table(['Person', 'Role', 'Added by', 'Added', 'Actions'], body.members.map(m => [m.person, m.role, m.addedBy, m.addedAt,
        confirmed('Remove', 'Remove ' + m.person + ' from ' + this.ref + '?', () =>
          this.act('DELETE', '/members/' + encodeURIComponent(m.person), undefined, () => m.person + ' removed.'))]), 'The owner holds every right without a membership')
        : h('p', { text: 'No member besides the owner.' }));
  }
}

export class AuditScreen extends HTMLElement {
  connectedCallback() {
    this.since = h('input', { type: 'text', value: '24h', placeholder: '24h or 2026-12-05T10:00:00Z' });
    this.principal = h('input', { type: 'text', spellcheck: 'false' });
    this.action = h('input', { type: 'text', spellcheck: 'false' });
    this.resource = h('input', { type: 'text', spellcheck: 'false' });
    this.outcome = h('select', {}, ['', 'allowed', 'denied', 'failed'].map(o => h('option', { value: o, text: o || 'any' })));
    this.limit = h('input', { type: 'number', min: 1, max: 1000, value: 100 });
    this.verdict = h('div', { 'aria-live': 'polite' });
    this.results = h('section', { 'aria-live': 'polite' });
    this.replaceChildren(h('h1', { text: 'Audit trail' }),
      h('form', { className: 'row', role: 'search', onsubmit: (event) => { event.preventDefault(); this.load(); } },
        field('Since', this.since, 'A duration back (24h, 7d) or a UTC time'), field('Principal', this.principal, 'admin, a person, a key id'),
        field('Action', this.action, 'Such as POST /api/v1 or invoke'), field('Resource', this.resource, 'A path'),
        field('Outcome', this.outcome), field('At most', this.limit), h('button', { type: 'submit', text: 'Search' })),
      h('div', { className: 'toolbar' }, h('button', { type: 'button', text: 'Verify the hash chain', onclick: () => this.verify() })),
      this.verdict, this.results);
    this.load();
  }

  async load() {
    const query = new URLSearchParams();
    const since = this.since.value.trim();
    const back = since.match(/^(\d+)([mhd])$/);
    if (since) query.set('since', back ? new Date(Date.now() - Number(back[1]) * { m: 60e3, h: 3600e3, d: 86400e3 }[back[2]]).toISOString() : since);
    for (const [key, control] of [['principal', this.principal], ['action', this.action], ['resource', this.resource], ['outcome', this.outcome], ['limit', this.limit]]) {
      if (control.value.trim()) query.set(key, control.value.trim());
    }
    try {
      const body = await api('GET', '/api/v1/audit?' + query);
      clear(this.results, body.records.length
        ? table(['Id', 'At', 'Principal', 'Action', 'Resource', 'Parameters', 'Source', 'Outcome'], body.records.map(r => [
            r.id, r.at, r.principal, r.action, r.resource || '', r.params || '', r.source || '', r.outcome + (r.code ? ' ' + r.code : '')]), 'Newest first')
        : h('p', { text: 'No record matches.' }));
    } catch (error) { clear(this.results, problem(error)); }
  }

  async verify() {
    clear(this.verdict, h('p', { text: 'Verifying…' }));
    try {
      const v = await api('GET', '/api/v1/audit/verify');
      clear(this.verdict, v.intact
        ? h('p', { className: 'ok verdict', role: 'status', text: 'Intact: all ' + v.records + ' records chain up.' })
        : h('div', { className: 'problem verdict', role: 'alert' }, h('strong', { text: 'Broken at ' + v.firstBroken.id + ' (record ' + v.firstBroken.seq + '): ' }), v.firstBroken.reason));
    } catch (error) { clear(this.verdict, problem(error)); }
  }
}
