// The preview's own controls: the pin, and fields that keep their keys.
import type { FromPreview } from '../src/protocol/preview.js';
import { el } from './dom.js';

/** "Pin to this SLO": a toggle button, its state in aria-pressed. */
export function pinButton(pinned: boolean, post: (message: FromPreview) => void): HTMLElement {
  const pin = el(
    'vscode-button',
    {
      id: 'pin',
      secondary: '',
      'aria-pressed': pinned ? 'true' : 'false',
      title: pinned ? 'Follow the cursor again' : 'Stay on this SLO whatever the cursor does',
    },
    pinned ? 'Pinned to this SLO' : 'Pin to this SLO',
  );
  pin.addEventListener('click', () => post({ type: 'pin', pinned: !pinned }));
  return pin;
}

// Keys typed in a field act on the field: VS Code forwards a webview's keys to the workbench, where Ctrl+A
// selected the whole YAML file (and moved the cursor, so the preview to another SLO). Commands (F1, Ctrl+P…) pass.
export function keepKeysInFields(): void {
  document.addEventListener('keydown', (event) => {
    const target = event.composedPath()[0];
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    const mod = event.ctrlKey || event.metaKey;
    const editing =
      (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'a') ||
      (!mod &&
        !event.altKey &&
        (event.key.length === 1 || /^(Backspace|Delete|Arrow|Home|End)/.test(event.key)));
    if (editing) event.stopPropagation();
  });
}
