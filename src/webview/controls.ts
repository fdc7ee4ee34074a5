/** Small labelled, keyboard-reachable form controls for the panel toolbars. */
let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${++counter}`;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export function slider(label: string, value: number, range: { min: number; max: number; step: number }, onInput: (v: number) => void, name?: string): HTMLElement {
  const id = nextId('slider');
  const input = el('input', { type: 'range', id, min: String(range.min), max: String(range.max), step: String(range.step), value: String(value) });
  if (name) input.dataset.option = name;
  const output = el('output', { for: id }, format(value));
  input.addEventListener('input', () => {
    output.textContent = format(input.valueAsNumber);
    onInput(input.valueAsNumber);
  });
  return el('div', { class: 'control' }, el('label', { for: id }, label), input, output);
}

export function checkbox(label: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const id = nextId('check');
  const input = el('input', { type: 'checkbox', id });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return el('div', { class: 'control' }, input, el('label', { for: id }, label));
}

export function select<T extends string>(label: string, value: T, choices: readonly { value: T; label: string; disabled?: boolean }[], onChange: (v: T) => void): HTMLElement {
  const id = nextId('select');
  const s = el('select', { id });
  for (const c of choices) {
    const o = el('option', { value: c.value }, c.label);
    if (c.disabled) o.disabled = true;
    s.append(o);
  }
  s.value = value;
  s.addEventListener('change', () => onChange(s.value as T));
  return el('div', { class: 'control' }, el('label', { for: id }, label), s);
}

/** A list box of several choices (Ctrl/Shift + arrows or clicks); reports the chosen values. */
export function multiSelect(label: string, chosen: readonly string[], choices: readonly string[], onChange: (v: string[]) => void): HTMLElement {
  const id = nextId('multi');
  const s = el('select', { id, multiple: '', size: String(Math.min(6, Math.max(2, choices.length))) });
  for (const c of choices) {
    const o = el('option', { value: c }, c);
    o.selected = chosen.includes(c);
    s.append(o);
  }
  s.addEventListener('change', () => onChange(Array.from(s.selectedOptions, (o) => o.value)));
  return el('div', { class: 'control' }, el('label', { for: id }, label), s);
}

export function numberInput(label: string, value: number, onChange: (v: number) => void): HTMLElement {
  const id = nextId('number');
  const input = el('input', { type: 'number', id, value: String(value), step: 'any' });
  input.addEventListener('change', () => {
    if (Number.isFinite(input.valueAsNumber)) onChange(input.valueAsNumber);
  });
  return el('div', { class: 'control' }, el('label', { for: id }, label), input);
}

export function button(label: string, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el('button', { type: 'button' }, label);
  if (title) b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function format(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
