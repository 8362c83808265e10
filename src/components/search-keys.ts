/** The parts of a KeyboardEvent the search shortcut looks at (keeps this testable without a DOM). */
export interface ShortcutKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** True when focus is in a text field, where `/` must type a slash. */
  inEditable: boolean;
}

/** `/` (outside text fields) or Ctrl+K / ⌘K (anywhere) opens search. */
export function isSearchShortcut(e: ShortcutKey): boolean {
  if (e.altKey) return false;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') return true;
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !e.inEditable;
}

/** Whether an element takes typed text (input, textarea, select or contenteditable). */
export function isEditableTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag !== 'input') return false;
  const nonText = ['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'];
  return !nonText.includes((el.type ?? 'text').toLowerCase());
}
