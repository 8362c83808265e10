import { describe, expect, it } from 'vitest';
import { isEditableTarget, isSearchShortcut } from './search-keys';

const key = (over: Partial<Parameters<typeof isSearchShortcut>[0]>) => ({
  key: '/',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inEditable: false,
  ...over,
});

describe('isSearchShortcut', () => {
  it('opens search on "/" outside text fields', () => {
    expect(isSearchShortcut(key({}))).toBe(true);
  });

  it('lets "/" type a slash inside a text field', () => {
    expect(isSearchShortcut(key({ inEditable: true }))).toBe(false);
  });

  it('opens search on Ctrl+K and ⌘K, even inside a text field', () => {
    expect(isSearchShortcut(key({ key: 'k', ctrlKey: true, inEditable: true }))).toBe(true);
    expect(isSearchShortcut(key({ key: 'K', metaKey: true }))).toBe(true);
  });

  it('ignores plain "k" and Alt combinations', () => {
    expect(isSearchShortcut(key({ key: 'k' }))).toBe(false);
    expect(isSearchShortcut(key({ key: 'k', ctrlKey: true, altKey: true }))).toBe(false);
  });
});

describe('isEditableTarget', () => {
  it('treats text inputs, textareas and contenteditable as editable', () => {
    expect(isEditableTarget({ tagName: 'INPUT', type: 'search' } as unknown as EventTarget)).toBe(true);
    expect(isEditableTarget({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isEditableTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
  });

  it('does not treat buttons, radios or plain elements as editable', () => {
    expect(isEditableTarget({ tagName: 'INPUT', type: 'radio' } as unknown as EventTarget)).toBe(false);
    expect(isEditableTarget({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });
});
