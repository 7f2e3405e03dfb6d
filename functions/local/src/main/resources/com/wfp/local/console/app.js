// The console's shell: sign in, the screens by URL fragment, sign out.
import { api, session } from './api.js';
import { h, clear, field, table, problem } from './dom.js';
import { WorkflowScreen, VersionsScreen, DeploymentScreen, DeploymentsScreen } from './workflow.js';
import { TrafficScreen } from './traffic.js';
import { DashboardScreen } from './dashboard.js';
import { ErrorsScreen, ExecutionScreen } from './errors.js';
import { ProjectsScreen, ProjectScreen, AuditScreen } from './project.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const OPENED = 'wfp.opened';

function opened() {
  try { return JSON.parse(sessionStorage.getItem(OPENED) || '[]'); } catch { return []; }
}
export function remember(ref) {
  sessionStorage.setItem(OPENED, JSON.stringify([ref, ...opened().filter(r => r !== ref)].slice(0, 20)));
}

class SignIn extends HTMLElement {
  connectedCallback() {
    const token = h('input', { type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
    const status = h('div', { 'aria-live': 'polite' });
    const form = h('form', { onsubmit: async (event) => {
      event.preventDefault();
      session.signIn(token.value.trim());
      try {
        const who = await api('GET', '/api/v1/whoami');
        session.remember(who.kind === 'admin' ? 'the administrator' : who.id);
        location.hash = '#/';
        route();
      } catch (error) {
        session.signOut();
        clear(status, problem(error.status === 401
          ? { code: 'auth', message: 'This token is not accepted by the platform.', hint: 'Use your personal access token (wfp tokens create prints one; the first start leaves the owner\'s in <data>/owner-token) or the admin token whose file wfp start names.' }
          : error));
      }
    } },
      h('h1', { text: 'Sign in' }),
      h('p', { text: 'The console calls the control API with your token. It stays in this tab only and is forgotten when the tab closes.' }),
      field('Token', token, 'A personal access token (wfp_pat_…) or the platform\'s admin token.'),
      h('button', { type: 'submit', text: 'Sign in' }), status);
    this.replaceChildren(form);
    token.focus();
  }
}

function workflowScreens(ref) {
  return h('span', { className: 'links' },
    h('a', { href: '#/w/' + ref, text: 'Edit' }), h('a', { href: '#/w/' + ref + '/versions', text: 'Versions' }),
    h('a', { href: '#/w/' + ref + '/deployments', text: 'Deployments' }), h('a', { href: '#/w/' + ref + '/traffic', text: 'Traffic' }),
    h('a', { href: '#/w/' + ref + '/dashboard', text: 'Dashboard' }), h('a', { href: '#/w/' + ref + '/errors', text: 'Errors' }));
}

function projectSegments(ref) {
  return ref.split('/').map(encodeURIComponent).join('/');
}

class WorkflowsScreen extends HTMLElement {
  connectedCallback() {
    const user = h('input', { type: 'text', value: 'local', required: true, pattern: '[A-Za-z0-9._\\-]+' });
    const project = h('input', { type: 'text', value: 'default', required: true, pattern: '[A-Za-z0-9._\\-]+' });
    const name = h('input', { type: 'text', required: true, pattern: '[A-Za-z0-9._\\-]+' });
    const form = h('form', { className: 'row', onsubmit: (event) => {
      event.preventDefault();
      const ref = [user.value, project.value, name.value].map(s => s.trim()).join('/');
      remember(ref);
      location.hash = '#/w/' + ref;
    } }, field('User', user), field('Project', project), field('Workflow', name), h('button', { type: 'submit', text: 'Open' }));
    const published = h('section', { 'aria-live': 'polite', className: 'published' }, h('p', { text: 'Loading…' }));
    const list = opened();
    this.replaceChildren(
      h('h1', { text: 'Projects and workflows' }),
      h('h2', { text: 'Published workflows' }), published,
      h('h2', { text: 'Open a workflow' }),
      h('p', { text: 'Open a workflow by its user, project and name; a new name starts an empty draft.' }),
      form,
      h('h2', { text: 'Opened in this tab' }),
      list.length ? table(['Workflow', 'Screens'], list.map(ref => [ref, workflowScreens(ref)])) : h('p', { text: 'None yet.' }),
      h('p', { className: 'note', text: 'The platform lists the workflows that were ever published; a draft never published is not listed there, so open it by name.' }));
    this.load(published);
  }

  async load(target) {
    let projects;
    try { projects = (await api('GET', '/api/v1/projects')).projects || []; }
    catch (error) { return clear(target, problem(error)); }
    if (!projects.length) return clear(target, h('p', { text: 'No project lists you as a member.' }));
    const answers = await Promise.all(projects.map(p => api('GET', '/api/v1/projects/' + projectSegments(p.user + '/' + p.project) + '/workflows')
      .then(body => ({ project: p, body }), error => ({ project: p, error }))));
    clear(target, answers.map(({ project, body, error }) => {
      const ref = project.user + '/' + project.project;
      const caption = ref + ' (your role: ' + project.role + ')';
      if (error) return h('div', {}, h('h3', { text: caption }), problem(error));
      const rows = (body.workflows || []).map(w => [
        w.workflow,
        h('span', { className: 'wf-state state-' + w.state }, w.state, w.retiredReason ? ': ' + w.retiredReason : ''),
        w.liveVersion || '—',
        (w.traffic || []).map(t => t.version + ' ' + t.percent + '%').join(', ') || '—',
        w.health ? w.health.state + ' — ' + w.health.reason : 'not judged here',
        workflowScreens(w.workflow)]);
      return rows.length ? table(['Workflow', 'State', 'Live', 'Traffic', 'Health', 'Screens'], rows, caption)
        : h('div', {}, h('h3', { text: caption }), h('p', { text: 'Nothing published yet.' }));
    }));
  }
}

class PodsScreen extends HTMLElement {
  async connectedCallback() {
    this.replaceChildren(h('h1', { text: 'Pods' }), h('p', { text: 'Loading…' }));
    try {
      const body = await api('GET', '/api/v1/pods');
      const pods = body.pods || [];
      this.replaceChildren(h('h1', { text: 'Pods' }), pods.length
        ? table(['User', 'Kind', 'State', 'PID', 'Memory', 'In flight', 'Queued', 'Restarts'], pods.map(p => [
            p.user, p.kind, p.state, p.pid ?? '', p.memoryBytes ? Math.round(p.memoryBytes / 1048576) + ' MiB' : '',
            p.inFlight ?? '', p.queued ?? '', p.restarts ?? '']))
        : h('p', { text: 'No pod is running: the first publish starts the user\'s pod.' }));
    } catch (error) { this.replaceChildren(h('h1', { text: 'Pods' }), problem(error)); }
  }
}

customElements.define('wfp-sign-in', SignIn);
customElements.define('wfp-workflows', WorkflowsScreen);
customElements.define('wfp-pods', PodsScreen);
customElements.define('wfp-workflow', WorkflowScreen);
customElements.define('wfp-versions', VersionsScreen);
customElements.define('wfp-deployment', DeploymentScreen);
customElements.define('wfp-deployments', DeploymentsScreen);
customElements.define('wfp-traffic', TrafficScreen);
customElements.define('wfp-dashboard', DashboardScreen);
customElements.define('wfp-errors', ErrorsScreen);
customElements.define('wfp-execution', ExecutionScreen);
customElements.define('wfp-projects', ProjectsScreen);
customElements.define('wfp-project', ProjectScreen);
customElements.define('wfp-audit', AuditScreen);

function route() {
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  if (!session.token()) {
    nav.hidden = true;
    clear(main, h('wfp-sign-in'));
    return;
  }
  nav.hidden = false;
  document.getElementById('who').textContent = 'Signed in as ' + (session.who() || 'someone');
  let match;
  let screen;
  if ((match = hash.match(/^\/w\/([^/]+\/[^/]+\/[^/]+)\/(versions|deployments|traffic|dashboard|errors)$/))) {
    screen = h('wfp-' + match[2], { workflow: match[1] });
  } else if ((match = hash.match(/^\/w\/([^/]+\/[^/]+\/[^/]+)$/))) {
    remember(match[1]);
    screen = h('wfp-workflow', { workflow: match[1] });
  } else if ((match = hash.match(/^\/deployments\/([^/]+)$/))) {
    screen = h('wfp-deployment', { deployment: match[1] });
  } else if (hash === '/pods') {
    screen = h('wfp-pods');
  } else if ((match = hash.match(/^\/executions\/([^/]+)$/))) {
    screen = h('wfp-execution', { execution: match[1] });
  } else if ((match = hash.match(/^\/p\/([^/]+\/[^/]+)\/(keys|secrets|members)$/))) {
    screen = h('wfp-project', { project: match[1], section: match[2] });
  } else if (hash === '/projects') {
    screen = h('wfp-projects');
  } else if (hash === '/audit') {
    screen = h('wfp-audit');
  } else {
    screen = h('wfp-workflows');
  }
  clear(main, screen);
  main.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  location.hash = '#/';
  route();
});
window.addEventListener('wfp-unauthorized', () => { session.signOut(); route(); });
window.addEventListener('hashchange', route);
route();
