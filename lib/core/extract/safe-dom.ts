import { pieceEnd } from '../text/segment';

/*
 * The page's DOM as the browser defines it, whatever the page put in it. The extractor runs inside pages that may be
 * hostile or merely odd: a page can shadow DOM methods and properties with named elements (<img name="cloneNode">,
 * <input name="childNodes">), and a huge page must not be copied whole. Everything the extractor does to the live
 * page goes through here (lib/core/extract/extract.ts).
 */

const members = new WeakMap<object, Map<string, PropertyDescriptor | null>>();

/**
 * A DOM property or method as the browser defines it, looked up on the node's prototype chain, past
 * anything the page named (a form's controls shadow its own properties: <input name="childNodes">;
 * <img name="cloneNode"> shadows the document's). Cached by prototype, so a
 * walk over thousands of nodes stays cheap. Falls back to the node's own field (linkedom keeps
 * nodeType as one).
 */
function member(node: object, key: string): PropertyDescriptor | null {
  const proto = Object.getPrototypeOf(node) as object | null;
  if (!proto) return null;
  let byKey = members.get(proto);
  if (!byKey) members.set(proto, (byKey = new Map()));
  let found = byKey.get(key);
  if (found === undefined) {
    found = null;
    for (let p: object | null = proto; p; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, key);
      if (d) {
        found = d;
        break;
      }
    }
    byKey.set(key, found);
  }
  return found;
}

export function prop<T>(node: object, key: string): T {
  const d = member(node, key);
  if (d?.get) return d.get.call(node) as T;
  return (node as Record<string, unknown>)[key] as T;
}

export function invoke<T>(node: object, key: string, ...args: unknown[]): T {
  const fn = member(node, key)?.value;
  if (typeof fn !== 'function') throw new Error(`no ${key} on this node`);
  return fn.apply(node, args) as T;
}

/**
 * Copies the start of a live document: its nodes in document order until `budget.elements` elements
 * or `budget.chars` characters of text (scripts and styles are copied empty and not counted) are
 * reached. Each node is copied on its own (shallow), so the cost is bounded by the budget, not by the
 * page. `complete` says whether anything was left out.
 */
export function cloneStart(live: Document, budget: { elements: number; chars: number }): { doc: Document; complete: boolean } {
  const doc = invoke<Document>(live, 'cloneNode', false);
  let elements = 0;
  let chars = 0;
  const stack: { kids: ArrayLike<Node>; i: number; to: Node }[] = [{ kids: prop<ArrayLike<Node>>(live, 'childNodes'), i: 0, to: doc }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.kids.length) {
      stack.pop();
      continue;
    }
    const node = top.kids[top.i++]!;
    const type = prop<number>(node, 'nodeType');
    if (type === 1 && ++elements > budget.elements) return { doc, complete: false };
    const copy = invoke<Node>(node, 'cloneNode', false);
    if (type === 3) {
      const text = prop<string>(node, 'nodeValue') ?? '';
      if (chars + text.length > budget.chars) {
        // The copy is ours to change: keep the part of this text that fits, cut at a space.
        copy.nodeValue = text.slice(0, pieceEnd(text, 0, budget.chars - chars));
        invoke(top.to, 'appendChild', copy);
        return { doc, complete: false };
      }
      chars += text.length;
    }
    invoke(top.to, 'appendChild', copy);
    const name = type === 1 ? prop<string>(node, 'nodeName').toUpperCase() : '';
    if (type === 1 && name !== 'SCRIPT' && name !== 'STYLE') stack.push({ kids: prop<ArrayLike<Node>>(node, 'childNodes'), i: 0, to: copy });
  }
  return { doc, complete: true };
}

/**
 * Names a page can use to shadow DOM methods: <img name="body"> and friends
 * become document properties, and a form's controls become properties of the
 * form (<input name="getAttribute"> breaks form.getAttribute, which Readability
 * calls on every element). On our clone only, named elements lose the
 * attributes that make them properties, and forms become plain containers.
 */
export function unclobber(doc: Document): void {
  const named = invoke<NodeListOf<Element>>(doc, 'querySelectorAll', 'img[name], embed[name], iframe[name], object[name], object[id], img[id]');
  for (const el of Array.from(named)) {
    el.removeAttribute('name');
    if (el.tagName === 'OBJECT' || el.tagName === 'IMG') el.removeAttribute('id');
  }
  for (const form of Array.from(invoke<NodeListOf<HTMLFormElement>>(doc, 'querySelectorAll', 'form'))) {
    const div = doc.createElement('div');
    // firstChild, not a saved childNodes: linkedom's childNodes is a copy, not a live list.
    while (form.firstChild) div.appendChild(form.firstChild);
    form.parentNode?.replaceChild(div, form);
  }
}
