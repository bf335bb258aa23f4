/**
 * The open modal, as Slack shows it: title, close, blocks with inputs, Cancel / Submit. Typed values
 * stay here until Submit; the app's validation errors come back under the fields (response_action: errors).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SandboxModal, SandboxState } from '../../../protocol';
import { carryValues, collectInputs, initialValues, lengthErrors } from '../blocks/inputs';
import { renderBlocks, type BlockAction } from '../blocks/render';
import type { Block, InputValue, TextObject } from '../blocks/types';
import { replaceShortcodes } from '../blocks/emoji';
import { AppMark } from './avatar';
import { renderContext } from './render-context';

const textOf = (t: unknown, fallback: string) => {
  const o = t as TextObject | null | undefined;
  return o?.text ? replaceShortcodes(o.text) : fallback;
};

export function Modal(props: {
  state: SandboxState;
  modal: SandboxModal;
  onSubmit: (viewId: string, inputs: Record<string, InputValue>) => Promise<void>;
  onClose: (viewId: string) => void;
  onAction: (viewId: string, a: BlockAction, inputs: Record<string, InputValue>) => void;
}) {
  const { view, errors, depth } = props.modal;
  const blocks = view.blocks as unknown as Block[];
  const [values, setValues] = useState<Record<string, InputValue>>(() => initialValues(blocks));
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  // Editing a field clears its error until the next answer, as in Slack's client.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  // What the client itself says before sending (a field over its max_length), as Slack's client does.
  const [ownErrors, setOwnErrors] = useState<Record<string, string>>({});
  const errorsKey = JSON.stringify(errors);
  const ownKey = Object.keys(ownErrors).join(' ');
  // A new answer from the app shows all its errors again (the client's own do not bring back old ones).
  useEffect(() => setEdited(new Set()), [errorsKey]);
  useEffect(() => {
    // The first field flagged comes into view, as the person may have scrolled past it.
    dialog.current?.querySelector('.has-error, .modal-banner')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [errorsKey, ownKey]);
  const shownErrors = { ...Object.fromEntries(Object.entries(errors).filter(([blockId]) => !edited.has(blockId))), ...ownErrors };
  const shown = useRef({ id: view.id, hash: view.hash });

  // A new modal starts from its initial values; an updated one keeps what was typed (as Slack does).
  useEffect(() => {
    const before = shown.current;
    if (before.id !== view.id) setValues(initialValues(blocks));
    else if (before.hash !== view.hash) setValues((v) => carryValues(v, blocks));
    shown.current = { id: view.id, hash: view.hash };
  }, [view.id, view.hash]);

  useEffect(() => {
    const first = dialog.current?.querySelector<HTMLElement>('input, textarea, select');
    first?.focus();
  }, [view.id]);

  const submit = async () => {
    if (busy) return;
    const tooLong = lengthErrors(blocks, values);
    setOwnErrors(tooLong);
    if (Object.keys(tooLong).length > 0) return;
    setBusy(true);
    try {
      await props.onSubmit(view.id, collectInputs(blocks, values));
    } finally {
      setBusy(false);
    }
  };
  const ctx = renderContext(props.state, {
    values,
    errors: shownErrors,
    idPrefix: `modal-${view.id}`,
    onInput: (key, value) => {
      setValues((v) => ({ ...v, [key]: value }));
      const blockId = key.slice(0, key.lastIndexOf('.'));
      if (errors[blockId] && !edited.has(blockId)) setEdited((e) => new Set([...e, blockId]));
      if (ownErrors[blockId]) setOwnErrors(({ [blockId]: _, ...rest }) => rest);
    },
    onAction: (a) => props.onAction(view.id, a, collectInputs(blocks, values)),
  });
  const title = textOf(view.title, 'Trustloop');

  return (
    <div
      class="modal-backdrop"
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose(view.id);
      }}
    >
      <div class="modal" role="dialog" aria-modal="true" aria-label={title} ref={dialog} data-callback-id={view.callback_id}>
        <header class="modal-head">
          <AppMark size={28} />
          <h2>{title}</h2>
          {depth > 1 && <span class="muted">{depth} of {depth}</span>}
          <button type="button" class="modal-x" aria-label="Close" onClick={() => props.onClose(view.id)}>
            ✕
          </button>
        </header>
        <form
          class="modal-body"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          noValidate
        >
          {errors[''] && (
            <div class="modal-banner" role="alert">
              {errors['']}
            </div>
          )}
          {renderBlocks(blocks, ctx)}
          <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
        </form>
        <footer class="modal-foot">
          <button type="button" class="bk-button" onClick={() => props.onClose(view.id)}>
            {textOf(view.close, 'Cancel')}
          </button>
          {view.submit && (
            <button type="button" class="bk-button bk-button-primary" disabled={busy} onClick={() => void submit()}>
              {textOf(view.submit, 'Submit')}
            </button>
          )}
        </footer>
      </div>
    </div>
  );
}
