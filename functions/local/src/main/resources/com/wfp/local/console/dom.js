// Builds DOM nodes from data. Every value goes in as text (textContent / attributes set one by
// one), never as markup, so notes, reasons and names from users cannot inject anything.
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'className') node.className = value;
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

let fieldCount = 0;
/** A labelled control: the label names the control through for/id. */
export function field(labelText, control, help) {
  const id = control.id || ('f' + (++fieldCount));
  control.id = id;
  const helpNode = help ? h('small', { id: id + '-help', text: help }) : null;
  if (helpNode) control.setAttribute('aria-describedby', helpNode.id);
  return h('div', { className: 'field' }, h('label', { for: id, text: labelText }), control, helpNode);
}

export function table(headers, rows, caption) {
  return h('div', { className: 'scroll' },
    h('table', {},
      caption ? h('caption', { text: caption }) : null,
      h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c)))))));
}

/** Shows an API or network error where the user is looking, with the API's hint. */
export function problem(error) {
  const box = h('div', { className: 'problem', role: 'alert' });
  box.append(h('strong', { text: error.code ? error.code + ': ' : 'Error: ' }), document.createTextNode(error.message || String(error)));
  if (error.hint) box.append(h('p', { text: error.hint }));
  return box;
}

export function copyable(labelText, value) {
  const input = h('input', { type: 'text', readonly: true, value });
  const button = h('button', { type: 'button', text: 'Copy', onclick: async () => {
    try { await navigator.clipboard.writeText(value); button.textContent = 'Copied'; }
    catch { input.select(); button.textContent = 'Press Ctrl+C'; }
  } });
  return h('div', { className: 'copy' }, field(labelText, input), button);
}

/**
 * A button for an action that cannot be undone: the first press asks the question beside it with
 * a confirming button and Cancel, so a slip of the keyboard or the mouse does nothing.
 */
export function confirmed(label, question, action) {
  const holder = h('span', { className: 'confirmed' });
  const ask = h('button', { type: 'button', className: 'danger', text: label, onclick: () => {
    const yes = h('button', { type: 'button', className: 'danger', text: 'Yes, ' + label.toLowerCase(), onclick: () => action() });
    clear(holder, h('span', { role: 'alert', text: question + ' ' }), yes,
      h('button', { type: 'button', text: 'Cancel', onclick: () => { clear(holder, ask); ask.focus(); } }));
    yes.focus();
  } });
  holder.append(ask);
  return holder;
}
