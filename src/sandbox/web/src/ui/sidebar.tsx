/** Who you act as, the channels, and the app — Slack's sidebar, plus the sandbox's person switcher. */
import type { SandboxState } from '../../../protocol';
import { clockTime } from '../blocks/dates';
import { AppMark, Avatar } from './avatar';
import type { Place } from './place';

export function Sidebar(props: {
  state: SandboxState;
  place: Place;
  unread: Record<string, number>;
  news: ReadonlySet<string>;
  onActAs: (id: string) => void;
  onGo: (place: Place) => void;
}) {
  const { state, place } = props;
  const humans = state.people.filter((p) => !p.isBot);
  const myChannels = state.channels.filter((c) => c.members.includes(state.me));
  const appUnread = props.unread[state.appDm] ?? 0;
  return (
    <nav class="sidebar" aria-label="Workspace">
      <div class="ws-name">
        {state.team.name}
        <span class="ws-sub">a local stand-in for Slack</span>
      </div>
      <section aria-labelledby="act-as">
        <h4 id="act-as">Act as</h4>
        <ul class="people">
          {humans.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                class={p.id === state.me ? 'person active' : 'person'}
                aria-pressed={p.id === state.me}
                data-person={p.name}
                title={`Act as ${p.realName} (${p.tz})`}
                onClick={() => props.onActAs(p.id)}
              >
                <Avatar person={p} size={26} />
                <span class="person-text">
                  <span class="person-name">{p.realName}</span>
                  <span class="person-meta">
                    {p.title} · {clockTime(state.now, p.tz)}
                  </span>
                </span>
                {props.news.has(p.id) && p.id !== state.me && <span class="dot" title={`New in ${p.realName.split(' ')[0]}’s DM with Trustloop`} />}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="channels">
        <h4 id="channels">Channels</h4>
        <ul class="nav-list">
          {myChannels.map((c) => {
            const n = props.unread[c.id] ?? 0;
            const active = place.kind === 'channel' && place.id === c.id;
            return (
              <li key={c.id}>
                <button type="button" class={`nav${active ? ' active' : ''}${n ? ' unread' : ''}`} aria-current={active ? 'page' : undefined} onClick={() => props.onGo({ kind: 'channel', id: c.id })}>
                  <span class="hash">#</span> {c.name}
                  {n > 0 && <span class="badge">{n}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="apps">
        <h4 id="apps">Apps</h4>
        <ul class="nav-list">
          <li>
            <button
              type="button"
              class={`nav${place.kind === 'app' ? ' active' : ''}${appUnread ? ' unread' : ''}`}
              aria-current={place.kind === 'app' ? 'page' : undefined}
              onClick={() => props.onGo({ kind: 'app', tab: place.kind === 'app' ? place.tab : appUnread ? 'messages' : 'home' })}
            >
              <AppMark size={18} /> Trustloop
              {appUnread > 0 && <span class="badge">{appUnread}</span>}
            </button>
          </li>
        </ul>
      </section>
    </nav>
  );
}
