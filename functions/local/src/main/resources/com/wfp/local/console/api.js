// The control API with the signed-in person's token. The token lives in this tab's
// sessionStorage only (gone when the tab closes, never in localStorage or a cookie).
const KEY = 'wfp.token';
const WHO = 'wfp.who';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  who: () => sessionStorage.getItem(WHO),
  signIn: (token) => sessionStorage.setItem(KEY, token),
  remember: (who) => sessionStorage.setItem(WHO, who),
  signOut: () => { sessionStorage.removeItem(KEY); sessionStorage.removeItem(WHO); },
};

// Where the page was served from: '/' on the local gateway, the stage ('/prod/') behind API Gateway.
// This module is <base>console/api.js, and every API path is resolved below that base.
export const base = new URL('..', import.meta.url).pathname;

function url(path) {
  return base + path.replace(/^\//, '');
}

export class ApiError extends Error {
  constructor(status, error, json) {
    super((error && error.message) || ('HTTP ' + status));
    this.json = json;
    this.status = status;
    this.code = error && error.code;
    this.hint = error && error.hint;
    this.body = error;
  }
}

export function workflowPath(ref) {
  return '/api/v1/workflows/' + ref.split('/').map(encodeURIComponent).join('/');
}

export async function api(method, path, body, headers = {}) {
  const init = { method, cache: 'no-store', headers: { Authorization: 'Bearer ' + session.token(), ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(url(path), init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/v1/whoami') {
      window.dispatchEvent(new CustomEvent('wfp-unauthorized'));
    }
    throw new ApiError(response.status, json && json.error ? json.error : { message: 'HTTP ' + response.status }, json);
  }
  return json;
}

/**
 * Follows server-sent events with the token in a header (EventSource cannot send one), calling
 * onEvent with each event's parsed data until the stream ends or signal aborts it. A stream that
 * ends after announcing `retry:` (the AWS functions answer one event per request) is opened again
 * after that many milliseconds, as EventSource would; one that ends without it is finished.
 */
export async function follow(path, onEvent, signal) {
  for (;;) {
    const retry = await followOnce(path, onEvent, signal);
    if (retry === null || (signal && signal.aborted)) return;
    await new Promise((resolve) => setTimeout(resolve, retry));
    if (signal && signal.aborted) return;
  }
}

async function followOnce(path, onEvent, signal) {
  const response = await fetch(url(path), { headers: { Authorization: 'Bearer ' + session.token(), Accept: 'text/event-stream' }, signal, cache: 'no-store' });
  if (!response.ok || !response.body) {
    let error = null;
    try { error = (await response.json()).error; } catch { error = null; }
    throw new ApiError(response.status, error);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let retry = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return retry;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      const announced = lines.find(l => l.startsWith('retry:'));
      if (announced) retry = Math.max(250, parseInt(announced.slice(6).trim(), 10) || 1000);
      const data = lines.filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).join('\n');
      if (data) onEvent(JSON.parse(data));
    }
  }
}
