/**
 * Sandbox mode: the real Trustloop app, on embedded PGlite in DATA_DIR, talking to a local stand-in for
 * Slack, with a Slack-like page on the app's own port. Started by main.ts when no Slack credentials are
 * set (in production only with TRUSTLOOP_SANDBOX=1, see config.ts). It listens on 127.0.0.1 unless HOST
 * says otherwise, and answers only requests for its own address (same-origin.ts): whoever reaches it can
 * act as anyone in it. The app does not know it is in a sandbox: it gets signed requests on /slack/events and calls the
 * Web API at SLACK_API_URL (the stand-in), and its injected clock is the one the clock control moves.
 *
 *   page ──/sandbox/api──▶ routes ──signed HTTP──▶ app (/slack/events) ──Web API──▶ stand-in
 *     ▲                                                                              │ 'change'
 *     └──────────────────── Server-Sent Events (live.ts) ◀───────────────────────────┘
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AdjustableClock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { startTrustloop, type Running, type RuntimeOptions } from '../runtime';
import { clockTarget } from './clock-control';
import { createStaticFiles, defaultWebRoot, loadCommands } from './files';
import { createLiveUpdates } from './live';
import { loadManifestOffers } from './manifest';
import { clearSandboxData, createSaver, readSaved, sandboxFolder, setAside, type Saver } from './persist';
import type { ClockStep } from './protocol';
import { createRoutes, type ActiveSandbox } from './routes';
import { createAddressCheck } from './same-origin';
import { CHANNELS, PEOPLE, seedUsers } from './seed';
import { startSlackStandIn, type ChangeEvent, type SlackStandIn, type StandInSnapshot } from './slack-api';
import { createSlackSender } from './slack-client';
import { sandboxState, type StartedRun } from './view-model';

/** The sandbox's own knobs (tests turn the scheduler off and delivery pacing down). */
export interface SandboxOptions {
  /** Run the app's cron ticks in real time (default true); clock moves always run a tick. */
  scheduler?: boolean;
  delivery?: RuntimeOptions['delivery'];
  /** Folder of the built page (default src/sandbox/web/dist in the project). */
  webRoot?: string;
  /** Where manifest.json is (the composer's slash commands). */
  manifestPath?: string;
  /** How long state writes are held back to batch a burst of changes (ms). */
  saveDelayMs?: number;
  /** How long the page waits for the app to answer a request, as Slack does (default 3000 ms, Slack's). */
  ackTimeoutMs?: number;
  /**
   * Sandbox time to begin at when there is no saved clock (tests pick a known weekday). Only forward:
   * business time never goes back, so an instant in the past is ignored.
   */
  startAt?: Date;
}

export interface Sandbox {
  /** The page, e.g. `http://localhost:3000`. */
  url: string;
  /** The app and the stand-in as they run now (they are replaced by a reset). */
  current(): { running: Running; standIn: SlackStandIn; clock: AdjustableClock } | undefined;
  /** Starts over: empty database, freshly seeded workspace, clock back to real time. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const TEAM_NAME = 'Trustloop Sandbox';

interface Session extends ActiveSandbox {
  running: Running;
  clock: AdjustableClock;
  saver: Saver;
  detach(): void;
}

export async function startSandbox(
  config: Config,
  log: Logger,
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const dataDir = config.dataDir;
  const live = createLiveUpdates();
  const files = createStaticFiles(options.webRoot ?? defaultWebRoot());
  const commands = loadCommands(options.manifestPath);
  const offers = loadManifestOffers(options.manifestPath);
  if (config.databaseUrl)
    log.warn(
      'DATABASE_URL is ignored in sandbox mode: the sandbox always keeps its data in embedded PGlite (DATA_DIR)',
    );
  if (!files.available())
    log.warn({ webRoot: files.root }, 'the sandbox page is not built; run `npm run build:web`');

  let version = 1;
  let port = config.port;
  let session: Session | undefined;
  let restarting: Promise<void> | undefined;
  const bump = () => {
    version += 1;
    live.notify(version);
  };

  const checkAddress = createAddressCheck({ host: config.host, extraHosts: config.sandboxHosts });
  const routes = createRoutes({
    active: () => session,
    reset: () => reset(),
    live,
    files,
    log,
    checkAddress,
  });

  /** `fresh`: after a reset, start empty whatever DATA_DIR holds (a save of the old session may land late). */
  async function open(fresh = false): Promise<Session> {
    const saved = fresh ? { clockOffsetMs: 0, workspace: undefined } : readSaved(dataDir, log);
    const clock = new AdjustableClock();
    clock.advance(saved.clockOffsetMs);
    if (options.startAt && saved.clockOffsetMs === 0) clock.advanceTo(options.startAt);
    const standIn = await openStandIn(clock, saved.workspace, dataDir, log);
    // Each person's DM with the app exists from the start, as it does once an app is installed.
    for (const p of PEOPLE) standIn.dmChannelFor(p.id);

    const signingSecret = randomBytes(24).toString('hex');
    let running: Running;
    try {
      running = await startTrustloop({
        config: {
          ...config,
          mode: 'sandbox',
          slack: { botToken: 'xoxb-sandbox', signingSecret, appToken: undefined, apiUrl: standIn.apiUrl },
          databaseUrl: undefined,
          databaseMigrationUrl: undefined,
          port,
        },
        clock,
        log: log.child({ module: 'app' }),
        extraRoutes: routes,
        scheduler: options.scheduler,
        delivery: options.delivery,
      });
    } catch (err) {
      await standIn.close();
      throw err;
    }
    port = Number(new URL(running.url).port);
    const slack = createSlackSender({
      appUrl: `${running.url}/slack/events`,
      signingSecret,
      standIn,
      timeoutMs: options.ackTimeoutMs,
    });
    const saver = createSaver(
      dataDir,
      // Ephemeral messages are not kept, as in Slack: they are gone after a restart (protocol.ts).
      () => ({ clockOffsetMs: clock.offset, workspace: { ...standIn.toJSON(), ephemerals: [] } }),
      log,
      options.saveDelayMs,
    );
    // Slack's client shows a banner over a modal when the app's answer was unusable; the stand-in only
    // reports it as an event, so it is remembered here until the modal changes.
    const banners = new Map<string, string>();
    const epoch = randomBytes(6).toString('hex');
    const onChange = (e: ChangeEvent) => {
      if (e.type === 'view_errors' && e.errors[''] !== undefined) banners.set(e.view_id, e.errors['']);
      if (e.type === 'view_updated') banners.delete(e.view.id);
      if (e.type === 'view_closed') banners.delete(e.view_id);
      saver.schedule();
      bump();
    };
    standIn.events.on('change', onChange);
    saver.schedule();
    // Workflow step runs started from the page (the stand-in keeps their state, not who started them).
    const runs: StartedRun[] = [];

    return {
      running,
      clock,
      saver,
      standIn,
      slack,
      offers,
      recordRun(run) {
        const at = runs.findIndex((r) => r.functionExecutionId === run.functionExecutionId);
        if (at >= 0) runs[at] = run;
        else runs.push(run);
        // The panel shows recent runs; the stand-in keeps each run's state (a page's few dozen at most).
        if (runs.length > 100) runs.shift();
        bump();
      },
      person(wanted) {
        if (!wanted) return PEOPLE[0]?.id;
        const user =
          standIn.user(wanted) ?? standIn.user(PEOPLE.find((p) => p.name === wanted.toLowerCase())?.id ?? '');
        return user && !user.is_bot && !user.deleted ? user.id : undefined;
      },
      state: (me, ephemeralsSince) =>
        sandboxState({
          standIn,
          me,
          version,
          now: clock.now().getTime(),
          clockOffsetMs: clock.offset,
          teamName: TEAM_NAME,
          commands,
          modalBanners: banners,
          epoch,
          ephemeralsSince,
          offers,
          runs,
        }),
      async moveClock(as: string, step: ClockStep) {
        const tz = standIn.user(as)?.tz ?? 'UTC';
        const at = clock.advanceTo(clockTarget(step, clock.now(), tz));
        saver.schedule();
        bump();
        log.info({ step, now: at.toISOString() }, 'sandbox clock moved');
        // Whatever fell due fires now (misses, reminders, rituals); delivery sends it right after.
        await running.tick();
        return at.getTime();
      },
      detach: () => standIn.events.off('change', onChange),
    };
  }

  async function close(s: Session, opts: { save: boolean }): Promise<void> {
    live.closeAll();
    s.detach();
    await s.running.stop();
    if (opts.save) {
      s.saver.schedule();
      s.saver.flush();
    } else {
      s.saver.cancel();
    }
    await s.standIn.close();
  }

  function reset(): Promise<void> {
    restarting ??= (async () => {
      const s = session;
      session = undefined;
      if (s) await close(s, { save: false });
      clearSandboxData(dataDir);
      log.info('sandbox reset: starting over with an empty workspace');
      // Pages may reconnect as soon as the new server listens; they get the new state once it is up.
      live.reopen();
      session = await open(true);
      // Written at once rather than debounced: from the first answer after a reset, what is on disk is
      // the fresh workspace (nothing of the old one, and nothing half-saved a restart could pick up).
      session.saver.flush();
      bump();
    })().finally(() => {
      restarting = undefined;
    });
    return restarting;
  }

  session = await open();
  const url = pageUrl(config.host, port);
  log.info(
    { url, dataDir: path.resolve(dataDir) },
    `Sandbox mode (no Slack credentials set): ready at ${url} — open it to use Trustloop in a local stand-in for Slack`,
  );
  if (!isLoopback(config.host)) {
    log.warn(
      { host: config.host },
      'the sandbox listens beyond loopback (HOST): anyone who can reach this port can act as anyone in it, move its clock and erase it — ' +
        'publish it only on a trusted network (in Docker: -p 127.0.0.1:3000:3000)',
    );
  }

  return {
    url,
    current: () =>
      session ? { running: session.running, standIn: session.standIn, clock: session.clock } : undefined,
    reset,
    async stop() {
      await restarting?.catch(() => undefined);
      const s = session;
      session = undefined;
      if (s) await close(s, { save: true });
    },
  };
}

/** Restores the saved workspace, or seeds a fresh one when there is none (or it is unreadable). */
async function openStandIn(
  clock: AdjustableClock,
  snapshot: StandInSnapshot | undefined,
  dataDir: string,
  log: Logger,
): Promise<SlackStandIn> {
  const base = {
    users: seedUsers(clock.now()),
    channels: [...CHANNELS],
    teamName: TEAM_NAME,
    teamDomain: 'trustloop-sandbox',
    // Message timestamps, trigger expiry and response_url windows follow sandbox time.
    now: () => clock.now().getTime(),
  };
  if (snapshot) {
    try {
      // A state.json written before ephemerals were left out may still hold some: they are not restored.
      return await startSlackStandIn({ ...base, snapshot: { ...snapshot, ephemerals: [] } });
    } catch (err) {
      setAside(path.join(sandboxFolder(dataDir), 'state.json'), log, err);
    }
  }
  return startSlackStandIn(base);
}

function isLoopback(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host.toLowerCase());
}

/** The address to open in a browser: listening on every interface means `localhost` works. */
function pageUrl(host: string, port: number): string {
  const name = ['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
