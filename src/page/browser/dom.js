// Building DOM without innerHTML (everything shown comes from Slack messages or memory, so it is
// text, never markup), and updating lists in place so focus, scroll and open <details> survive.

/** h('p', {class: 'x', onclick: fn}, 'text', child) → element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const signatures = new WeakMap();

/**
 * Makes `container`'s children match `items`: a node whose item is unchanged is kept as it is; a
 * changed one is rebuilt, and if it held the focus, the focus moves to its replacement.
 */
export function reconcile(container, items, key, render) {
  const previous = new Map();
  for (const node of [...container.children]) if (node.dataset.key) previous.set(node.dataset.key, node);
  const nodes = items.map((item) => {
    const k = key(item);
    const signature = JSON.stringify(item);
    const old = previous.get(k);
    previous.delete(k);
    if (old && signatures.get(old) === signature) return old;
    const fresh = render(item);
    fresh.dataset.key = k;
    signatures.set(fresh, signature);
    if (old) {
      const focused = old.contains(document.activeElement) ? document.activeElement : null;
      old.replaceWith(fresh);
      if (focused) focusWithin(fresh, focused.dataset?.focusId);
    }
    return fresh;
  });
  for (const gone of previous.values()) gone.remove();
  nodes.forEach((node, i) => {
    if (container.children[i] !== node) container.insertBefore(node, container.children[i] ?? null);
  });
}

/** Focus goes to the control with the same data-focus-id, else the first control, else the node. */
function focusWithin(node, focusId) {
  const same = focusId ? node.querySelector(`[data-focus-id="${CSS.escape(focusId)}"]`) : null;
  const target = same ?? node.querySelector('button:not([disabled]), a[href], summary') ?? node;
  if (!target.hasAttribute('tabindex') && target === node) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}
