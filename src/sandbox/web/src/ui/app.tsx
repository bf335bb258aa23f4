/**
 * The sandbox page: a small Slack-like workspace over the real Trustloop app. State comes from the
 * sandbox server (per acting person) and is fetched again whenever the change stream says so.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ClockStep, SandboxState } from '../../../protocol';
import { fetchState, NoSuchPerson, Restarting, send, subscribe, type Connection } from '../api';
import type { BlockAction } from '../blocks/render';
import type { InputValue } from '../blocks/types';
import { ClockControl } from './clock';
import { Composer, type Sent } from './composer';
import { Conversation } from './conversation';
import { HomeTab } from './home';
import { Modal } from './modal';
import type { Place } from './place';
import { ActionsMenu, BoltIcon } from './menu';
import { Sidebar } from './sidebar';
import { StepsPanel } from './steps';
import { Tour, type TourStep } from './tour';
import { AppMark } from './avatar';
import { toSlackText } from '../composer';
import { completes, loadDone, saveDone, type TourEvent } from '../tour';

const TOUR_KEY = 'trustloop-sandbox:tour-hidden';

export function App() {
  const [state, setState] = useState<SandboxState | null>(null);
  const [loadedAt, setLoadedAt] = useState(Date.now());
  const [connection, setConnection] = useState<Connection>('connecting');
  const [place, setPlace] = useState<Place | null>(null);
  const [draft, setDraft] = useState('');
  const [focusToken, setFocusToken] = useState(0);
  const [toast, setToast] = useState<string | null>(null);
  const [stepsOpen, setStepsOpen] = useState(false);
  const stepsButton = useRef<HTMLButtonElement>(null);
  const [tourHidden, setTourHidden] = useState(() => localStorage.getItem(TOUR_KEY) === '1');
  const [tourDone, setTourDone] = useState<ReadonlySet<string>>(() => loadDone(localStorage));
  // A button the tour points at once it is on screen (its label), and since when it is looked for.
  const [spot, setSpot] = useState<{ label: string; since: number } | null>(null);
  // A modal submitted and not yet closed: its submission counts for the tour once the app closes it.
  const submitted = useRef<{ viewId: string; hash: string; callbackId: string } | null>(null);
  // Last message ts each person has seen, per conversation (unread badges), and per person's app DM.
  const [seen, setSeen] = useState<Record<string, Record<string, string>>>({});
  const [seenDm, setSeenDm] = useState<Record<string, string> | null>(null);

  const wanted = useRef<string | null>(new URLSearchParams(location.search).get('as'));
  // Ephemeral replies show while this page is open and are gone after a reload, as in Slack.
  const ephemeralsMark = useRef('now');
  const loading = useRef(false);
  const again = useRef(false);

  const load = useCallback(async () => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        again.current = false;
        const asked = wanted.current;
        const next = await fetchState(asked ?? '', ephemeralsMark.current);
        // Switched to someone else while this was on its way: that person's state is fetched next.
        if (wanted.current !== asked) {
          again.current = true;
          continue;
        }
        wanted.current = next.me;
        ephemeralsMark.current = next.ephemeralsMark;
        setState((prev) => (prev && prev.me === next.me && prev.version > next.version ? prev : next));
        setLoadedAt(Date.now());
        setConnection('live');
      } while (again.current);
    } catch (err) {
      if (err instanceof Restarting) setConnection('restarting');
      else setToast(err instanceof Error ? err.message : String(err));
      // An unknown ?as= (an old link): show the leader instead.
      if (err instanceof NoSuchPerson && wanted.current) {
        wanted.current = null;
        again.current = true;
      }
    } finally {
      loading.current = false;
      if (again.current) {
        again.current = false;
        void load();
      }
    }
  }, []);

  useEffect(
    () =>
      subscribe(
        () => void load(),
        (c) => setConnection((prev) => (c === 'connecting' && prev === 'restarting' ? prev : c)),
      ),
    [load],
  );

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 7000);
    return () => clearTimeout(t);
  }, [toast]);

  const record = (e: TourEvent) =>
    setTourDone((prev) => {
      const ids = completes(prev, e);
      if (ids.length === 0) return prev;
      const next = new Set([...prev, ...ids]);
      saveDone(localStorage, next);
      return next;
    });

  // A submitted modal that the app closed, replaced (a "Sent" view) or pushed another over was accepted;
  // one answered with errors under its fields stays as it was.
  useEffect(() => {
    const s = submitted.current;
    const m = state?.modal;
    if (!s || !state) return;
    if (m && m.view.id === s.viewId && (m.view.hash === s.hash || Object.keys(m.errors).length > 0)) return;
    submitted.current = null;
    record({ kind: 'submit', callbackId: s.callbackId });
  }, [state]);

  // The tour's pointer: the newest button with that label, once it has arrived.
  useEffect(() => {
    if (!spot) return;
    if (Date.now() - spot.since > 15_000) return setSpot(null);
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.pane button:not([disabled])')].filter(
      (b) => b.textContent?.trim() === spot.label,
    );
    const target = buttons.at(-1);
    if (!target) return;
    setSpot(null);
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    target.classList.add('tour-spot');
    setTimeout(() => target.classList.remove('tour-spot'), 4000);
  }, [state, spot]);

  const me = state?.me;
  const current: Place | null = state ? (place ?? defaultPlace(state)) : null;

  // Opening the app sends app_home_opened, as Slack's client does; the app then publishes the Home tab.
  const appTab = current?.kind === 'app' ? current.tab : null;
  useEffect(() => {
    if (me && appTab)
      void send('home-opened', { as: me, tab: appTab }).then((answer) => {
        report(answer);
        if (answer.ok && appTab === 'home') record({ kind: 'home', as: me });
      });
  }, [me, appTab]);

  // What is on screen counts as read.
  const viewing =
    state && current
      ? current.kind === 'channel'
        ? current.id
        : current.tab === 'messages'
          ? state.appDm
          : null
      : null;
  useEffect(() => {
    if (!state) return;
    setSeenDm((prev) => prev ?? { ...state.dmLatest });
    setSeen((prev) => {
      const mine = prev[state.me];
      const latest = (id: string) => state.messages[id]?.at(-1)?.ts ?? '0';
      if (!mine)
        return {
          ...prev,
          [state.me]: Object.fromEntries(Object.keys(state.messages).map((id) => [id, latest(id)])),
        };
      if (viewing && mine[viewing] !== latest(viewing))
        return { ...prev, [state.me]: { ...mine, [viewing]: latest(viewing) } };
      return prev;
    });
    if (viewing === state.appDm)
      setSeenDm((prev) => ({ ...(prev ?? {}), [state.me]: state.dmLatest[state.me] ?? '0' }));
  }, [state, viewing]);

  const unread = useMemo(() => {
    const out: Record<string, number> = {};
    const mine = state ? seen[state.me] : undefined;
    if (!state || !mine) return out;
    for (const [id, list] of Object.entries(state.messages)) {
      const since = mine[id] ?? '0';
      out[id] = list.filter((m) => Number(m.ts) > Number(since) && m.user !== state.me).length;
    }
    return out;
  }, [state, seen]);
  const news = useMemo(() => {
    const out = new Set<string>();
    if (!state || !seenDm) return out;
    for (const [person, ts] of Object.entries(state.dmLatest))
      if (Number(ts) > Number(seenDm[person] ?? '0')) out.add(person);
    return out;
  }, [state, seenDm]);

  function report(answer: { ok: boolean; error?: string }) {
    if (!answer.ok && answer.error) setToast(answer.error);
  }

  const actAs = (id: string) => {
    if (!state || id === state.me) return;
    wanted.current = id;
    setDraft(''); // a draft belongs to the person who typed it
    const person = state.people.find((p) => p.id === id);
    const url = new URL(location.href);
    if (person) url.searchParams.set('as', person.name);
    history.replaceState(null, '', url);
    void load();
  };

  const go = (p: Place) => {
    setPlace(p);
    setFocusToken((n) => n + 1);
  };

  /** A tour step runs: as its person, its command sent in #team and the clock moved, then its place shown. */
  const runStep = async (step: TourStep) => {
    if (!state) return;
    const person = state.people.find((p) => p.name === step.as);
    if (!person) return;
    actAs(person.id);
    const team = state.channels.find((c) => c.name === 'team');
    go(
      step.where === 'team' && team
        ? { kind: 'channel', id: team.id }
        : { kind: 'app', tab: step.where === 'home' ? 'home' : 'messages' },
    );
    setDraft('');
    if (step.send && team) {
      const humans = state.people.filter((p) => !p.isBot);
      const text = toSlackText(step.send.text, humans, state.channels, 'escaped');
      const answer = await send('command', {
        as: person.id,
        channel: team.id,
        command: step.send.command,
        text,
      });
      report(answer);
      if (!answer.ok) return;
      record({ kind: 'command', command: step.send.command, text });
    }
    if (step.clock) {
      const answer = await send('clock', { as: person.id, step: step.clock });
      report(answer);
      if (answer.ok) record({ kind: 'clock', step: step.clock });
    }
    if (step.spot) setSpot({ label: step.spot, since: Date.now() });
  };

  if (!state || !current) {
    return (
      <div class="loading">
        <AppMark size={48} />
        <p>{connection === 'restarting' ? 'Starting over…' : 'Opening the Trustloop sandbox…'}</p>
      </div>
    );
  }

  const channel = current.kind === 'channel' ? state.channels.find((c) => c.id === current.id) : undefined;
  const conversationId = current.kind === 'channel' ? current.id : state.appDm;
  const meName = state.people.find((p) => p.id === state.me)?.realName ?? '';

  const acted = (actionId: string) => (answer: { ok: boolean; error?: string }) => {
    report(answer);
    if (answer.ok) record({ kind: 'action', actionId });
  };
  const onMessageAction = (ch: string, item: { ts: string; ephemeral: boolean }, a: BlockAction) =>
    void send('action', {
      as: state.me,
      actionId: a.actionId,
      blockId: a.blockId,
      container: { type: 'message', channel: ch, ts: item.ts, ephemeral: item.ephemeral },
      value: a.value,
    }).then(acted(a.actionId));
  const onViewAction = (viewId: string, a: BlockAction, inputs?: Record<string, InputValue>) =>
    void send('action', {
      as: state.me,
      actionId: a.actionId,
      blockId: a.blockId,
      container: { type: 'view', viewId },
      value: a.value,
      ...(inputs ? { inputs } : {}),
    }).then(acted(a.actionId));
  const onSend = (s: Sent) => {
    const body =
      s.kind === 'command'
        ? { as: state.me, channel: conversationId, command: s.command.command, text: s.text }
        : { as: state.me, channel: conversationId, text: s.text };
    void send(s.kind, body).then((answer) => {
      report(answer);
      if (answer.ok && s.kind === 'command')
        record({ kind: 'command', command: s.command.command, text: s.text });
    });
  };
  const onShortcut = (ch: string, ts: string, callbackId: string) =>
    void send('message-shortcut', { as: state.me, callbackId, channel: ch, ts }).then(report);
  const onGlobalShortcut = (callbackId: string) =>
    void send('global-shortcut', { as: state.me, callbackId }).then(report);
  const closeSteps = () => {
    setStepsOpen(false);
    stepsButton.current?.focus();
  };
  const moveClock = async (step: ClockStep) => report(await send('clock', { as: state.me, step }));
  const reset = async () => {
    if (
      !confirm(
        'Start over? Everything in this sandbox is deleted: messages, delegations, promises, and the moved clock.',
      )
    )
      return;
    setConnection('restarting');
    setPlace(null);
    setSeen({});
    setSeenDm(null);
    setTourDone(new Set());
    saveDone(localStorage, new Set());
    report(await send('reset', {}));
  };

  return (
    <div class={`app${tourHidden ? ' no-tour' : ''}`}>
      <header class="topbar">
        <div class="brand">
          <AppMark size={26} />
          <span>
            <b>Trustloop</b> sandbox
          </span>
        </div>
        <ClockControl state={state} loadedAt={loadedAt} onMove={moveClock} />
        <div class="topbar-end">
          <span
            class={`conn conn-${connection}`}
            title={connection === 'live' ? 'Live: updates arrive as they happen' : 'Reconnecting…'}
          >
            {connection === 'live' ? 'Live' : connection === 'restarting' ? 'Restarting…' : 'Reconnecting…'}
          </span>
          {tourHidden && (
            <button
              type="button"
              class="link light"
              onClick={() => {
                localStorage.removeItem(TOUR_KEY);
                setTourHidden(false);
              }}
            >
              Tour
            </button>
          )}
          <button
            type="button"
            class="link light"
            ref={stepsButton}
            aria-haspopup="dialog"
            onClick={() => setStepsOpen(true)}
          >
            Workflow steps
          </button>
          <button type="button" class="reset" onClick={() => void reset()}>
            Reset sandbox
          </button>
        </div>
      </header>
      <Sidebar state={state} place={current} unread={unread} news={news} onActAs={actAs} onGo={go} />
      <main class="pane" aria-label={channel ? `#${channel.name}` : 'Trustloop'}>
        {channel ? (
          <div class="pane-head">
            <h1>
              <span class="hash">#</span>
              {channel.name}
            </h1>
            <span class="topic">{channel.topic}</span>
            <span class="members">{channel.members.length - 1} people + Trustloop</span>
          </div>
        ) : (
          <div class="pane-head app-head">
            <h1>
              <AppMark size={22} /> Trustloop
            </h1>
            <div class="tabs" role="tablist">
              {(['home', 'messages'] as const).map((tab) => (
                <button
                  key={tab}
                  type="button"
                  role="tab"
                  aria-selected={current.kind === 'app' && current.tab === tab}
                  class="tab"
                  onClick={() => go({ kind: 'app', tab })}
                >
                  {tab === 'home' ? 'Home' : 'Messages'}
                  {tab === 'messages' && (unread[state.appDm] ?? 0) > 0 && (
                    <span class="badge">{unread[state.appDm]}</span>
                  )}
                </button>
              ))}
            </div>
          </div>
        )}
        {current.kind === 'app' && current.tab === 'home' ? (
          <HomeTab state={state} onAction={(viewId, a) => onViewAction(viewId, a)} />
        ) : (
          <>
            <Conversation
              state={state}
              channel={conversationId}
              onAction={onMessageAction}
              onShortcut={onShortcut}
              intro={
                channel ? (
                  <p>
                    This is the start of <b>#{channel.name}</b>.{' '}
                    {channel.name === 'team'
                      ? 'Delegate here with /delegate: wins and losses are celebrated here too.'
                      : ''}
                  </p>
                ) : (
                  <p>
                    This is {meName.split(' ')[0]}’s conversation with <b>Trustloop</b>: assignments,
                    reminders and confirmations arrive here. Type <code>/</code> for its commands.
                  </p>
                )
              }
            />
            <Composer
              state={state}
              channel={conversationId}
              placeholder={channel ? `Message #${channel.name}` : 'Type / for Trustloop’s commands'}
              draft={draft}
              setDraft={setDraft}
              focusToken={focusToken}
              onSend={onSend}
              onError={setToast}
              leading={
                <ActionsMenu
                  class="composer-shortcuts"
                  label="Shortcuts"
                  heading="Trustloop shortcuts"
                  placement="above-start"
                  icon={<BoltIcon />}
                  items={state.shortcuts
                    .filter((s) => s.type === 'global')
                    .map((s) => ({
                      key: s.callbackId,
                      label: s.name,
                      description: s.description,
                      onPick: () => onGlobalShortcut(s.callbackId),
                    }))}
                />
              }
            />
          </>
        )}
      </main>
      {!tourHidden && (
        <Tour
          done={tourDone}
          now={state.now}
          people={state.people}
          onStep={(s) => void runStep(s)}
          onHide={() => {
            localStorage.setItem(TOUR_KEY, '1');
            setTourHidden(true);
          }}
        />
      )}
      {stepsOpen && !state.modal && (
        <StepsPanel
          state={state}
          onClose={closeSteps}
          onRun={async (callbackId, inputs) => {
            const answer = await send('run-step', { as: state.me, callbackId, inputs });
            if (!answer.ok && !answer.functionExecutionId) return answer;
            report(answer);
            return { ok: true };
          }}
        />
      )}
      {state.modal && (
        <Modal
          key={state.modal.view.id}
          state={state}
          modal={state.modal}
          onSubmit={async (viewId, inputs) => {
            // Counted for the tour once the app closes the modal (an answer with errors keeps it open).
            submitted.current = {
              viewId,
              hash: state.modal?.view.hash ?? '',
              callbackId: state.modal?.view.callback_id ?? '',
            };
            const answer = await send('submit', { as: state.me, viewId, inputs });
            report(answer);
            if (!answer.ok) submitted.current = null;
          }}
          onClose={(viewId) => {
            submitted.current = null; // closed by the person: nothing was accepted
            void send('close', { as: state.me, viewId }).then(report);
          }}
          onAction={(viewId, a, inputs) => onViewAction(viewId, a, inputs)}
        />
      )}
      {toast && (
        <div class="toast" role="status">
          <span>{toast}</span>
          <button type="button" aria-label="Dismiss" onClick={() => setToast(null)}>
            ✕
          </button>
        </div>
      )}
      {connection === 'restarting' && (
        <div class="restarting" role="status">
          <AppMark size={40} />
          <p>Starting over with a fresh sandbox…</p>
        </div>
      )}
    </div>
  );
}

function defaultPlace(state: SandboxState): Place {
  const team = state.channels.find((c) => c.name === 'team') ?? state.channels[0];
  return team ? { kind: 'channel', id: team.id } : { kind: 'app', tab: 'home' };
}
