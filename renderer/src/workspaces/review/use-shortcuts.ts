import { useEffect, useEffectEvent } from 'react';

/** Keys typed into a field, a select or a dialog belong to it, not to the workspace's shortcuts. */
function typingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return (
    target.closest('input, textarea, select, [contenteditable="true"], .ant-select, .ant-modal') !== null
  );
}

export type ShortcutMap = Readonly<Record<string, (event: KeyboardEvent) => void>>;

/**
 * Page-wide single-key shortcuts (scanner and keyboard work without the mouse). Keys are
 * KeyboardEvent.key values, with 'Ctrl+' for Ctrl or Cmd. Disabled while `enabled` is false.
 */
export function useShortcuts(shortcuts: ShortcutMap, enabled = true): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.altKey || event.defaultPrevented || typingTarget(event.target)) return;
    const key = (event.ctrlKey || event.metaKey ? 'Ctrl+' : '') + event.key;
    const action = shortcuts[key] ?? shortcuts[key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action(event);
  });

  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}
