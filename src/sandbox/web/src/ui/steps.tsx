/**
 * The Workflow steps panel: the app's custom steps (manifest.json `functions`), a form built from the
 * chosen step's input parameters, and its runs. Running one does what Workflow Builder does: the step
 * starts in the stand-in and the app gets a signed `function_executed` event; the run shows "running"
 * until the app completes it (functions.completeSuccess / completeError), then its outputs or its error.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActionAnswer, SandboxRun, SandboxState, SandboxStep } from '../../../protocol';
import { outputText, stepForm, type StepField } from '../steps';

export function StepsPanel(props: {
  state: SandboxState;
  onRun: (callbackId: string, inputs: Record<string, string>) => Promise<ActionAnswer>;
  onClose: () => void;
}) {
  const { state } = props;
  const [chosen, setChosen] = useState<string>(state.steps[0]?.callbackId ?? '');
  const step = state.steps.find((s) => s.callbackId === chosen);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }, []);
  // Escape closes it wherever focus is (a button disabled while a run starts drops focus to the page).
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose.current();
    };
    document.addEventListener('keydown', key);
    return () => document.removeEventListener('keydown', key);
  }, []);

  return (
    <div class="modal-backdrop">
      <div class="modal steps-panel" role="dialog" aria-modal="true" aria-label="Workflow steps" ref={dialog}>
        <header class="modal-head">
          <h2>Workflow steps</h2>
          <button type="button" class="modal-x" aria-label="Close" onClick={props.onClose}>
            ✕
          </button>
        </header>
        <div class="modal-body">
          <p class="muted">
            Trustloop’s custom steps, as Workflow Builder offers them. Run one here as a workflow would:
            Trustloop gets a <code>function_executed</code> event and completes the step.
          </p>
          <div class="step-list" role="tablist" aria-label="Steps">
            {state.steps.map((s) => (
              <button
                key={s.callbackId}
                type="button"
                role="tab"
                class="step-tab"
                aria-selected={s.callbackId === chosen}
                data-step={s.callbackId}
                onClick={() => setChosen(s.callbackId)}
              >
                {s.title}
              </button>
            ))}
          </div>
          {step && <StepForm key={step.callbackId} state={state} step={step} onRun={props.onRun} />}
        </div>
      </div>
    </div>
  );
}

function StepForm(props: {
  state: SandboxState;
  step: SandboxStep;
  onRun: (callbackId: string, inputs: Record<string, string>) => Promise<ActionAnswer>;
}) {
  const { state, step } = props;
  const fields = stepForm(step.inputs, state.people, state.channels);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      fields.map((f) => [f.name, f.kind === 'user' && /leader|owner|person/.test(f.name) ? state.me : '']),
    ),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const runs = state.runs.filter((r) => r.callbackId === step.callbackId);

  const run = async () => {
    const missing = fields.find((f) => f.required && (values[f.name] ?? '').trim() === '');
    if (missing) {
      setError(`“${missing.label}” is required to run ${step.title}.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await props.onRun(step.callbackId, values);
      if (!answer.ok) setError(answer.error ?? 'The step could not start.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="step" aria-label={step.title} data-step={step.callbackId}>
      <p>{step.description}</p>
      <form
        class="step-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        {fields.map((f) => (
          <Field
            key={f.name}
            id={`step-${step.callbackId}-${f.name}`}
            field={f}
            value={values[f.name] ?? ''}
            onInput={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
          />
        ))}
        {error && (
          <div class="modal-banner" role="alert">
            {error}
          </div>
        )}
        <div class="step-run">
          <button type="submit" class="bk-button bk-button-primary" disabled={busy}>
            Run step
          </button>
        </div>
      </form>
      {runs.length > 0 && (
        <div class="runs">
          <h3>Runs</h3>
          <ul aria-label={`Runs of ${step.title}`}>
            {runs.map((r) => (
              <Run key={r.functionExecutionId} run={r} step={step} state={state} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function Field({
  id,
  field,
  value,
  onInput,
}: {
  id: string;
  field: StepField;
  value: string;
  onInput: (v: string) => void;
}) {
  const label = (
    <label for={id} class="bk-label">
      {field.label}
      {field.required ? (
        <span class="required" aria-label="required">
          {' '}
          *
        </span>
      ) : (
        <span class="muted"> (optional)</span>
      )}
    </label>
  );
  const help = field.help ? <div class="bk-hint">{field.help}</div> : null;
  let control;
  if (field.kind !== 'text') {
    control = (
      <select
        id={id}
        class="bk-select"
        value={value}
        required={field.required}
        onChange={(e) => onInput(e.currentTarget.value)}
      >
        <option value="">
          {field.kind === 'user'
            ? 'Choose a person'
            : field.kind === 'channel'
              ? 'Choose a channel'
              : 'Choose'}
        </option>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (field.multiline) {
    control = (
      <textarea
        id={id}
        class="bk-text"
        rows={2}
        value={value}
        required={field.required}
        maxLength={field.maxLength}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    );
  } else {
    control = (
      <input
        id={id}
        class="bk-text"
        type="text"
        inputMode={field.inputMode}
        value={value}
        required={field.required}
        maxLength={field.maxLength}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    );
  }
  return (
    <div class="bk-input step-field" data-param={field.name}>
      {label}
      {control}
      {help}
    </div>
  );
}

function Run({ run, step, state }: { run: SandboxRun; step: SandboxStep; state: SandboxState }) {
  const by = state.people.find((p) => p.id === run.by)?.realName ?? run.by;
  const status = run.state === 'running' ? 'Running…' : run.state === 'completed' ? 'Completed' : 'Failed';
  return (
    <li class={`run run-${run.state}`} data-run={run.functionExecutionId} data-state={run.state}>
      <div class="run-head">
        <span class="run-state" role="status">
          {status}
        </span>
        <span class="muted">
          {' '}
          · run by {by} · <code>{run.functionExecutionId}</code>
        </span>
      </div>
      {run.delivery && <div class="run-error">{run.delivery}</div>}
      {run.state === 'failed' && <div class="run-error">{run.error}</div>}
      {run.state === 'completed' && (
        <dl class="run-outputs">
          {Object.entries(run.outputs ?? {}).map(([name, value]) => {
            const p = step.outputs.find((o) => o.name === name);
            return [
              <dt key={`t${name}`}>{p?.title ?? name}</dt>,
              <dd key={`d${name}`}>{outputText(p?.type ?? 'string', value, state.people)}</dd>,
            ];
          })}
        </dl>
      )}
    </li>
  );
}
