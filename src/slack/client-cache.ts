/**
 * Web API clients per workspace, bounded. A WebClient costs about 40 kB (its HTTP agent, queue and
 * logger) and Bolt's own pool keeps one per workspace *and token* forever; with thousands of installs
 * and rotating tokens that only grows. Here the least recently used workspace's client goes once
 * `max` are held, and a workspace whose token changed (rotation, reinstall) gets a new client in place
 * of the old one.
 *
 * A Map keeps insertion order, so deleting and re-inserting a key on every use makes its first key the
 * least recently used: a dozen lines, no dependency (lru-cache would add one for nothing we need here).
 */
import type { WebClient } from '@slack/web-api';

export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error('LruMap: max must be a positive integer');
  }
  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
    return this;
  }
  delete(key: K): boolean {
    return this.map.delete(key);
  }
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}

/**
 * Default bound, per cache (Bolt's requests, delivery, people lookups): a miss costs only a new client, so
 * the cache is there to bound garbage, not to hold everyone. 10,000 workspaces each sending a /delegate
 * (bench/tools/oauth-memory.ts): heap flat at 64 MB with 200 (87 MB with 500; growing ~78 MB per 1,000
 * workspaces without a bound).
 */
export const DEFAULT_CLIENT_CACHE_SIZE = 200;

export interface ClientCache {
  /** The client for a workspace's current token (created, or replaced when the token changed). */
  client(key: string, token: string): WebClient;
  /** Forget a workspace's client (uninstalled). */
  forget(key: string): void;
  readonly size: number;
}

export function createClientCache(
  make: (token: string, key: string) => WebClient,
  max = DEFAULT_CLIENT_CACHE_SIZE,
): ClientCache {
  const entries = new LruMap<string, { token: string; client: WebClient }>(max);
  return {
    client(key, token) {
      const hit = entries.get(key);
      if (hit && hit.token === token) return hit.client;
      const client = make(token, key);
      entries.set(key, { token, client });
      return client;
    },
    forget(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
