/**
 * A small menu behind a button, as Slack's "⋯" (more actions) on a message and its shortcuts button in
 * the composer: a real button (aria-haspopup), items reached with the arrow keys, Escape or a click
 * elsewhere closes it, and focus goes back to the button.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface MenuItem {
  key: string;
  label: string;
  description?: string;
  onPick: () => void;
}

export function ActionsMenu(props: {
  /** The button's accessible name ("More actions"). */
  label: string;
  icon: ComponentChildren;
  /** Shown over the items ("Shortcuts for Trustloop"). */
  heading?: string;
  items: MenuItem[];
  class?: string;
  /** Which way the list opens from the button. */
  placement?: 'below-end' | 'above-start';
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  // A layout effect, so the first item has focus before the menu is painted; and Escape is heard on the
  // whole document while the menu is open: a quick Escape right after the click (focus still on the
  // button, or anywhere else) closes it too, instead of being lost outside the list.
  useLayoutEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!list.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      close(true);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  const move = (step: number) => {
    const items = [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    items[(at + step + items.length) % items.length]?.focus();
  };

  return (
    <div class={`menu-anchor ${props.class ?? ''}${open ? ' open' : ''}`}>
      <button
        ref={button}
        type="button"
        class="menu-button"
        aria-label={props.label}
        title={props.label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {props.icon}
      </button>
      {open && (
        <div
          ref={list}
          class={`menu menu-${props.placement ?? 'below-end'}`}
          role="menu"
          aria-label={props.heading ?? props.label}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              move(e.key === 'ArrowDown' ? 1 : -1);
            } else if (e.key === 'Tab') {
              close(false);
            }
          }}
        >
          {props.heading && (
            <div class="menu-heading" aria-hidden="true">
              {props.heading}
            </div>
          )}
          {props.items.length === 0 && <div class="menu-empty">Nothing here yet</div>}
          {props.items.map((item) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              class="menu-item"
              title={item.description}
              onClick={() => {
                close(true);
                item.onPick();
              }}
            >
              <span class="menu-item-label">{item.label}</span>
              {item.description && <span class="menu-item-desc">{item.description}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Slack's "⋯" (more actions) and lightning (shortcuts) icons. */
export const MoreIcon = () => (
  <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
    <circle cx="4" cy="10" r="1.7" fill="currentColor" />
    <circle cx="10" cy="10" r="1.7" fill="currentColor" />
    <circle cx="16" cy="10" r="1.7" fill="currentColor" />
  </svg>
);

export const BoltIcon = () => (
  <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
    <path d="M11.5 1.5 3.5 11.5h5l-1 7 8-10h-5z" fill="currentColor" />
  </svg>
);
