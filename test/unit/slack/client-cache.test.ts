import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { scrubText } from '../../../src/logger';
import { createClientCache, LruMap } from '../../../src/slack/client-cache';
import { BOT_SCOPE_NAMES } from '../../../src/slack/scopes';

describe('the per-workspace client cache', () => {
  it('keeps at most max entries, evicting the least recently used', () => {
    const m = new LruMap<string, number>(3);
    m.set('a', 1).set('b', 2).set('c', 3);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('d', 4);
    expect([...m.keys()]).toEqual(['c', 'a', 'd']);
    expect(m.has('b')).toBe(false);
    expect(m.size).toBe(3);
    expect(() => new LruMap(0)).toThrow();
  });

  it('reuses a workspace’s client while its token holds, and replaces it when the token changes', () => {
    let made = 0;
    const cache = createClientCache((token) => {
      made++;
      return new WebClient(token);
    }, 2);
    const a1 = cache.client('T1', 'xoxb-1');
    expect(cache.client('T1', 'xoxb-1')).toBe(a1);
    const a2 = cache.client('T1', 'xoxb-rotated');
    expect(a2).not.toBe(a1);
    cache.client('T2', 'xoxb-2');
    cache.client('T3', 'xoxb-3');
    expect(cache.size).toBe(2);
    expect(made).toBe(4);
    cache.forget('T3');
    expect(cache.size).toBe(1);
  });

  it('holds 10,000 workspaces’ worth of requests to its bound', () => {
    const cache = createClientCache((token) => new WebClient(token), 100);
    for (let i = 0; i < 10_000; i++) cache.client(`T${i}`, `xoxb-${i}`);
    expect(cache.size).toBe(100);
  });
});

describe('secrets in library log lines', () => {
  it('redacts secret fields, parameters and Slack tokens in text', () => {
    const line =
      'http request body: {"code":"123.abc","client_id":"1.2","client_secret":"s3cr3t","refresh_token":"xoxe-1-abc"} ' +
      'url: https://x/authorize?client_id=1.2&state=eyJ.abc&code=zzz token xoxb-123-456-abcdef';
    const out = scrubText(line);
    for (const secret of ['123.abc', 's3cr3t', 'xoxe-1-abc', 'eyJ.abc', 'zzz', 'xoxb-123-456-abcdef'])
      expect(out).not.toContain(secret);
    expect(out).toContain('"client_id":"1.2"');
  });
});

describe('the scopes Trustloop asks for', () => {
  it('are the manifest’s bot scopes, each with a reason on the install page', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../manifest.json'), 'utf8')) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    expect(BOT_SCOPE_NAMES).toEqual(manifest.oauth_config.scopes.bot);
  });
});
