/**
 * The stand-in spoken to by the real `@slack/web-api` WebClient, so the wire format (form bodies with
 * JSON strings, Bearer tokens, ok:false errors, 429 + Retry-After) is proven end to end.
 */
import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from '@slack/web-api';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack-api';
import { clientFor, manualClock, platformError, rejection } from './helpers';

const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const CAROL = 'U0CAROL01';
const GENERAL = 'C0GENERAL';
const RANDOM = 'C0RANDOM1'; // public, bot not a member
const LEADS = 'G0SECRET1'; // private, bot not a member

const modal = (title = 'Delegate', extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'delegate',
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [
    {
      type: 'input',
      block_id: 'what',
      label: { type: 'plain_text', text: 'What' },
      element: { type: 'plain_text_input', action_id: 'value' },
    },
  ],
  ...extra,
});

describe('Slack stand-in Web API', () => {
  const clock = manualClock();
  let standIn: SlackStandIn;
  let client: WebClient;

  beforeAll(async () => {
    standIn = await startSlackStandIn({ now: clock.now });
    client = clientFor(standIn);
  });
  afterAll(async () => {
    await standIn.close();
  });
  beforeEach(() => standIn.reset());

  it('serves auth.test with the bot identity Bolt reads at start-up', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      team_id: 'T0TEAM1',
      user_id: standIn.botUserId,
      bot_id: standIn.botId,
      is_enterprise_install: false,
    });
    expect(standIn.callsTo('auth.test')).toHaveLength(1);
  });

  describe('authentication', () => {
    it('answers not_authed without a token and invalid_auth for a bad one', async () => {
      const anonymous = clientFor(standIn, null);
      expect((await platformError(anonymous.auth.test())).data.error).toBe('not_authed');
      standIn.invalidTokens.add('xoxb-revoked');
      expect((await platformError(clientFor(standIn, 'xoxb-revoked').auth.test())).data.error).toBe(
        'invalid_auth',
      );
    });

    it('accepts the token as a form field', async () => {
      const res = await fetch(`${standIn.apiUrl}auth.test`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'token=xoxb-in-body',
      });
      expect(await res.json()).toMatchObject({ ok: true });
    });

    it('takes JSON bodies with a Bearer header, and ignores a token inside JSON as Slack does', async () => {
      const post = (headers: Record<string, string>, body: unknown) =>
        fetch(`${standIn.apiUrl}chat.postMessage`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
        }).then((r) => r.json() as Promise<Record<string, unknown>>);
      const good = await post(
        { 'Content-Type': 'application/json; charset=utf-8', Authorization: 'Bearer xoxb-test' },
        { channel: GENERAL, text: 'json', blocks: [{ type: 'divider' }] },
      );
      expect(good).toMatchObject({ ok: true, channel: GENERAL });
      const noHeader = await post(
        { 'Content-Type': 'application/json' },
        { token: 'xoxb-test', channel: GENERAL, text: 'x' },
      );
      expect(noHeader).toEqual({ ok: false, error: 'not_authed' });
    });

    it('answers unknown_method for methods it does not know', async () => {
      const err = await platformError(client.apiCall('chat.doesNotExist', {}));
      expect(err.data.error).toBe('unknown_method');
    });
  });

  describe('chat.postMessage', () => {
    it('posts to a user id into the app DM, and conversations.open returns that same DM', async () => {
      const res = await client.chat.postMessage({ channel: ALICE, text: 'Hello Alice' });
      expect(res.channel).toMatch(/^D/);
      expect(res.message).toMatchObject({
        text: 'Hello Alice',
        bot_id: standIn.botId,
        user: standIn.botUserId,
      });
      const open = await client.conversations.open({ users: ALICE });
      expect(open.channel?.id).toBe(res.channel);
      expect(open).toMatchObject({ no_op: true, already_open: true });
      await client.chat.postMessage({ channel: res.channel!, text: 'again' });
      expect(standIn.dmsTo(ALICE).map((m) => m.text)).toEqual(['Hello Alice', 'again']);
      expect(standIn.messagesIn(ALICE)).toEqual(standIn.dmsTo(ALICE));
    });

    it('opens a new DM with conversations.open and posts there', async () => {
      const open = await client.conversations.open({ users: BOB, return_im: true });
      expect(open.channel).toMatchObject({ is_im: true, user: BOB });
      expect(open.already_open).toBeUndefined();
      await client.chat.postMessage({ channel: open.channel!.id!, text: 'hi Bob' });
      expect(standIn.dmsTo(BOB)[0]).toMatchObject({ text: 'hi Bob', channel: open.channel!.id });
      const info = await client.conversations.info({ channel: open.channel!.id! });
      expect(info.channel).toMatchObject({ is_im: true, user: BOB });
    });

    it('posts to a channel with decoded blocks and increasing ts', async () => {
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Bold*' } }];
      const a = await client.chat.postMessage({ channel: GENERAL, text: 'fallback', blocks });
      const b = await client.chat.postMessage({ channel: GENERAL, text: 'second' });
      expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
      const [first] = standIn.messagesIn(GENERAL);
      expect(first.blocks?.[0]).toMatchObject({ type: 'section', text: { text: '*Bold*' } });
      // Slack fills in a block_id the app left out.
      expect(typeof first.blocks?.[0].block_id).toBe('string');
      expect(standIn.callsTo('chat.postMessage')[0].args.blocks).toEqual(blocks);
    });

    it('answers channel_not_found for unknown channels and private channels the bot is not in', async () => {
      expect(
        (await platformError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).data.error,
      ).toBe('channel_not_found');
      expect((await platformError(client.chat.postMessage({ channel: LEADS, text: 'x' }))).data.error).toBe(
        'channel_not_found',
      );
      // Public channel the bot has not joined: allowed with chat:write.public (the default).
      await expect(client.chat.postMessage({ channel: RANDOM, text: 'x' })).resolves.toMatchObject({
        ok: true,
      });
    });

    it('answers not_in_channel for public channels when chat:write.public is not granted', async () => {
      const strict = await startSlackStandIn({ chatWritePublic: false });
      try {
        const err = await platformError(clientFor(strict).chat.postMessage({ channel: RANDOM, text: 'x' }));
        expect(err.data.error).toBe('not_in_channel');
      } finally {
        await strict.close();
      }
    });

    it('answers no_text without text or blocks', async () => {
      const err = await platformError(client.chat.postMessage({ channel: GENERAL, text: '' }));
      expect(err.data.error).toBe('no_text');
    });

    it('truncates text over 40,000 characters with a warning, or refuses it when configured', async () => {
      const res = await client.chat.postMessage({ channel: GENERAL, text: 'x'.repeat(40_001) });
      expect(res.warning).toBe('message_truncated');
      expect(res.response_metadata?.warnings).toEqual(['message_truncated']);
      expect(standIn.messagesIn(GENERAL)[0].text).toHaveLength(40_000);
      const strict = await startSlackStandIn({ overlongText: 'reject' });
      try {
        const err = await platformError(
          clientFor(strict).chat.postMessage({ channel: GENERAL, text: 'x'.repeat(40_001) }),
        );
        expect(err.data.error).toBe('msg_too_long');
      } finally {
        await strict.close();
      }
    });

    it('answers invalid_blocks with Slack-style messages and pointers', async () => {
      const err = await platformError(
        client.chat.postMessage({
          channel: GENERAL,
          text: 'x',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }],
        }),
      );
      expect(err.data).toMatchObject({
        error: 'invalid_blocks',
        errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
        response_metadata: {
          messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
        },
      });
      const tooMany = await platformError(
        client.chat.postMessage({
          channel: GENERAL,
          text: 'x',
          blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })),
        }),
      );
      expect(tooMany.data.error).toBe('invalid_blocks');
      expect(standIn.messagesIn(GENERAL)).toHaveLength(0);
    });

    it('answers invalid_blocks_format when blocks are not JSON', async () => {
      const res = await fetch(`${standIn.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-test' },
        body: new URLSearchParams({ channel: GENERAL, text: 'x', blocks: '[{nope' }).toString(),
      });
      expect(await res.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
    });

    it('threads replies under their parent', async () => {
      const parent = await client.chat.postMessage({ channel: GENERAL, text: 'parent' });
      await client.chat.postMessage({ channel: GENERAL, text: 'reply', thread_ts: parent.ts });
      const [p, r] = standIn.messagesIn(GENERAL);
      expect(p).toMatchObject({ ts: parent.ts, reply_count: 1, thread_ts: parent.ts });
      expect(r).toMatchObject({ text: 'reply', thread_ts: parent.ts });
    });
  });

  describe('other chat methods', () => {
    it('updates and deletes the bot’s own messages only', async () => {
      const posted = await client.chat.postMessage({ channel: GENERAL, text: 'v1' });
      const updated = await client.chat.update({ channel: GENERAL, ts: posted.ts!, text: 'v2' });
      expect(updated).toMatchObject({ channel: GENERAL, ts: posted.ts, text: 'v2' });
      expect(standIn.messagesIn(GENERAL)[0]).toMatchObject({
        text: 'v2',
        edited: { user: standIn.botUserId },
      });

      const human = standIn.postUserMessage({ channel: GENERAL, user: ALICE, text: 'mine' });
      expect(
        (await platformError(client.chat.update({ channel: GENERAL, ts: human.ts, text: 'x' }))).data.error,
      ).toBe('cant_update_message');
      expect(
        (await platformError(client.chat.update({ channel: GENERAL, ts: '1.000001', text: 'x' }))).data.error,
      ).toBe('message_not_found');

      await client.chat.delete({ channel: GENERAL, ts: posted.ts! });
      expect(standIn.messagesIn(GENERAL).map((m) => m.text)).toEqual(['mine']);
      expect((await platformError(client.chat.delete({ channel: GENERAL, ts: posted.ts! }))).data.error).toBe(
        'message_not_found',
      );
    });

    it('posts ephemeral messages to channel members only', async () => {
      const res = await client.chat.postEphemeral({ channel: GENERAL, user: ALICE, text: 'just you' });
      expect(res.message_ts).toBeDefined();
      expect(standIn.ephemeralsFor(ALICE, GENERAL)).toEqual([
        expect.objectContaining({ text: 'just you', message_ts: res.message_ts }),
      ]);
      const err = await platformError(client.chat.postEphemeral({ channel: RANDOM, user: CAROL, text: 'x' }));
      expect(err.data.error).toBe('user_not_in_channel');
    });

    it('adds reactions once per user', async () => {
      const posted = await client.chat.postMessage({ channel: GENERAL, text: 'win' });
      await client.reactions.add({ channel: GENERAL, timestamp: posted.ts!, name: 'tada' });
      expect(standIn.messagesIn(GENERAL)[0].reactions).toEqual([
        { name: 'tada', users: [standIn.botUserId], count: 1 },
      ]);
      const again = await platformError(
        client.reactions.add({ channel: GENERAL, timestamp: posted.ts!, name: 'tada' }),
      );
      expect(again.data.error).toBe('already_reacted');
    });
  });

  describe('users and conversations', () => {
    it('answers users.info and user_not_found', async () => {
      const res = await client.users.info({ user: ALICE });
      expect(res.user).toMatchObject({
        id: ALICE,
        name: 'alice',
        tz: 'Europe/Berlin',
        tz_offset: 3600,
        is_bot: false,
      });
      expect((await platformError(client.users.info({ user: 'U0NOBODY' }))).data.error).toBe(
        'user_not_found',
      );
    });

    it('paginates users.list with cursors', async () => {
      const first = await client.users.list({ limit: 2 });
      expect(first.members).toHaveLength(2);
      const cursor = first.response_metadata?.next_cursor;
      expect(cursor).toBeTruthy();
      const second = await client.users.list({ limit: 2, cursor });
      expect(second.members).toHaveLength(2);
      expect(second.response_metadata?.next_cursor).toBe('');
      const ids = [...first.members!, ...second.members!].map((m) => m.id);
      expect(new Set(ids).size).toBe(4);
      expect((await platformError(client.users.list({ cursor: 'garbage' }))).data.error).toBe(
        'invalid_cursor',
      );
    });

    it('hides private channels the bot is not in from conversations.info', async () => {
      const info = await client.conversations.info({ channel: GENERAL, include_num_members: true });
      expect(info.channel).toMatchObject({ id: GENERAL, name: 'general', is_member: true, num_members: 4 });
      expect((await platformError(client.conversations.info({ channel: LEADS }))).data.error).toBe(
        'channel_not_found',
      );
    });

    it('refuses to open a DM with a deactivated user', async () => {
      standIn.addUser({ id: 'U0GONE001', name: 'gone', deleted: true });
      expect((await platformError(client.conversations.open({ users: 'U0GONE001' }))).data.error).toBe(
        'user_disabled',
      );
    });
  });

  describe('views', () => {
    it('opens a modal with a fresh trigger, once', async () => {
      const trigger = standIn.newTriggerId(ALICE);
      const res = await client.views.open({ trigger_id: trigger, view: modal() });
      expect(res.view).toMatchObject({
        type: 'modal',
        callback_id: 'delegate',
        root_view_id: res.view?.id,
        state: { values: {} },
      });
      expect(standIn.openModal(ALICE)?.id).toBe(res.view?.id);
      const reused = await platformError(client.views.open({ trigger_id: trigger, view: modal() }));
      expect(reused.data.error).toBe('exchanged_trigger_id');
    });

    it('refuses unknown and expired triggers', async () => {
      expect(
        (await platformError(client.views.open({ trigger_id: '1.2.abc', view: modal() }))).data.error,
      ).toBe('invalid_trigger_id');
      const trigger = standIn.newTriggerId(ALICE);
      clock.advance(3001);
      expect(
        (await platformError(client.views.open({ trigger_id: trigger, view: modal() }))).data.error,
      ).toBe('expired_trigger_id');
      expect(standIn.openModal(ALICE)).toBeUndefined();
    });

    it('answers invalid_arguments with pointers for views over Block Kit limits', async () => {
      const err = await platformError(
        client.views.open({
          trigger_id: standIn.newTriggerId(ALICE),
          view: modal('A title that is far too long'),
        }),
      );
      expect(err.data).toMatchObject({
        error: 'invalid_arguments',
        response_metadata: {
          messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
        },
      });
    });

    it('pushes up to three views and updates by id or external_id with hash checks', async () => {
      const opened = await client.views.open({
        trigger_id: standIn.newTriggerId(ALICE),
        view: modal('One', { external_id: 'ext-1' }),
      });
      await client.views.push({ trigger_id: standIn.newTriggerId(ALICE), view: modal('Two') });
      await client.views.push({ trigger_id: standIn.newTriggerId(ALICE), view: modal('Three') });
      const over = await platformError(
        client.views.push({ trigger_id: standIn.newTriggerId(ALICE), view: modal('Four') }),
      );
      expect(over.data.error).toBe('push_limit_reached');
      expect(standIn.modalStack(ALICE).map((v) => v.title?.text)).toEqual(['One', 'Two', 'Three']);

      const root = opened.view!;
      const byExternal = await client.views.update({
        external_id: 'ext-1',
        view: modal('One again', { external_id: 'ext-1' }),
      });
      expect(byExternal.view).toMatchObject({ id: root.id, title: { text: 'One again' } });
      const conflict = await platformError(
        client.views.update({ view_id: root.id!, hash: root.hash!, view: modal('Stale') }),
      );
      expect(conflict.data.error).toBe('hash_conflict');
      const fresh = await client.views.update({
        view_id: root.id!,
        hash: byExternal.view!.hash!,
        view: modal('Fresh'),
      });
      expect(fresh.view?.title?.text).toBe('Fresh');
      expect(
        (await platformError(client.views.update({ view_id: 'V0NOPE', view: modal() }))).data.error,
      ).toBe('not_found');
    });

    it('replaces the whole Home tab on every views.publish', async () => {
      const home = (text: string) => ({
        type: 'home' as const,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      });
      const first = await client.views.publish({ user_id: ALICE, view: home('first') });
      const second = await client.views.publish({
        user_id: ALICE,
        view: { type: 'home', blocks: [{ type: 'divider' }] },
      });
      expect(second.view?.id).toBe(first.view?.id);
      expect(standIn.homeView(ALICE)?.blocks).toEqual([expect.objectContaining({ type: 'divider' })]);
      const stale = await platformError(
        client.views.publish({ user_id: ALICE, hash: first.view!.hash!, view: home('x') }),
      );
      expect(stale.data.error).toBe('hash_conflict');
      const wrongType = await platformError(client.views.publish({ user_id: ALICE, view: modal() }));
      expect(wrongType.data.error).toBe('invalid_arguments');
      expect(standIn.homeView(BOB)).toBeUndefined();
    });
  });

  describe('faults and rate limits', () => {
    it('injects HTTP errors, platform errors and 429s for the next N calls', async () => {
      standIn.failNext('chat.postMessage', 1, { status: 500 });
      const http = await rejection(client.chat.postMessage({ channel: GENERAL, text: 'x' }));
      expect(http).toBeInstanceOf(WebAPIHTTPError);
      expect((http as WebAPIHTTPError).statusCode).toBe(500);

      standIn.failNext('chat.postMessage', 2, { error: 'account_inactive' });
      for (let i = 0; i < 2; i++) {
        expect(
          (await platformError(client.chat.postMessage({ channel: GENERAL, text: 'x' }))).data.error,
        ).toBe('account_inactive');
      }

      standIn.failNext('chat.postMessage', 1, { ratelimitedFor: 7 });
      const limited = await rejection(client.chat.postMessage({ channel: GENERAL, text: 'x' }));
      expect(limited).toBeInstanceOf(WebAPIRateLimitedError);
      expect((limited as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
      expect((limited as WebAPIRateLimitedError).retryAfter).toBe(7);

      await expect(client.chat.postMessage({ channel: GENERAL, text: 'ok now' })).resolves.toMatchObject({
        ok: true,
      });
      expect(standIn.callsTo('chat.postMessage').map((c) => c.ok)).toEqual([
        false,
        false,
        false,
        false,
        true,
      ]);
    });

    it('keeps a hung call open until close() releases it', async () => {
      const hanging = await startSlackStandIn();
      hanging.failNext('auth.test', 1, { hang: true });
      const pending = rejection(clientFor(hanging).auth.test());
      await hanging.waitFor((s) => s.calls.find((c) => c.error === 'hang'));
      await hanging.close();
      expect(await pending).toBeInstanceOf(WebAPIRequestError);
    });

    it('limits chat.postMessage per channel with 429 + Retry-After', async () => {
      standIn.setChannelRateLimit(1);
      await client.chat.postMessage({ channel: GENERAL, text: 'one' });
      const limited = await rejection(client.chat.postMessage({ channel: GENERAL, text: 'two' }));
      expect((limited as WebAPIRateLimitedError).retryAfter).toBe(1);
      // Another channel has its own budget; the same one recovers after a second.
      await expect(client.chat.postMessage({ channel: ALICE, text: 'dm' })).resolves.toMatchObject({
        ok: true,
      });
      clock.advance(1000);
      await expect(client.chat.postMessage({ channel: GENERAL, text: 'three' })).resolves.toMatchObject({
        ok: true,
      });
      const raw = standIn.callsTo('chat.postMessage')[1];
      expect(raw).toMatchObject({ status: 429, error: 'ratelimited' });
    });
  });

  describe('observation and persistence', () => {
    it('emits change events and resolves waitFor without polling', async () => {
      const seen: string[] = [];
      const listener = (e: { type: string }) => seen.push(e.type);
      standIn.events.on('change', listener);
      const waiting = standIn.waitFor((s) => s.dmsTo(CAROL).find((m) => m.text === 'ping'));
      await client.chat.postMessage({ channel: CAROL, text: 'ping' });
      await expect(waiting).resolves.toMatchObject({ text: 'ping' });
      standIn.events.off('change', listener);
      expect(seen).toContain('message');
      await expect(standIn.waitFor(() => false, 20)).rejects.toThrow(/timed out/);
    });

    it('round-trips state through toJSON/fromJSON', async () => {
      await client.chat.postMessage({ channel: ALICE, text: 'remember me' });
      await client.views.publish({ user_id: ALICE, view: { type: 'home', blocks: [{ type: 'divider' }] } });
      const snapshot = JSON.parse(JSON.stringify(standIn.toJSON())) as unknown;
      const restored = await startSlackStandIn({ snapshot: snapshot as never });
      try {
        expect(restored.dmsTo(ALICE).map((m) => m.text)).toEqual(['remember me']);
        expect(restored.homeView(ALICE)?.blocks[0].type).toBe('divider');
        const next = await clientFor(restored).chat.postMessage({ channel: ALICE, text: 'later' });
        expect(next.channel).toBe(standIn.conversation(ALICE)?.id);
      } finally {
        await restored.close();
      }
      standIn.reset();
      expect(standIn.dmsTo(ALICE)).toEqual([]);
      standIn.fromJSON(snapshot);
      expect(standIn.dmsTo(ALICE)).toHaveLength(1);
      expect(() => standIn.fromJSON({ version: 2 })).toThrow(/Invalid Slack stand-in snapshot/);
    });
  });
});
