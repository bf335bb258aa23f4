import { createEngineQueue, type Lane } from '../../src/db/pglite-lanes';
import { paramText } from '../../src/db/pglite-wire';

/**
 * The two lanes in front of PGlite's one engine: the request path first, background work never
 * starved, one call on the engine at a time. Driven by hand: each call holds the engine until the test
 * frees it, and the clock moves only when the test says.
 */
describe('the engine queue', () => {
  let clock = 0;
  const ran: string[] = [];
  const frees = new Map<string, () => void>();
  const queue = () => createEngineQueue(50, () => clock);
  const push = (q: ReturnType<typeof queue>, lane: Lane, name: string) =>
    q.push(lane, () => {
      ran.push(name);
      return new Promise<void>((resolve) => frees.set(name, resolve));
    });
  const free = async (name: string) => {
    frees.get(name)!();
    // the queue picks the next call once the freed one's promise has settled
    await new Promise((r) => setImmediate(r));
  };
  beforeEach(() => {
    clock = 0;
    ran.length = 0;
    frees.clear();
  });

  it('runs one call at a time, and a waiting interactive call before a background one that came first', async () => {
    const q = queue();
    push(q, 'background', 'b1');
    push(q, 'background', 'b2');
    push(q, 'interactive', 'i1');
    push(q, 'interactive', 'i2');
    expect(ran).toEqual(['b1']); // the engine was free: the first call took it
    expect(q.waiting()).toBe(3);
    await free('b1');
    expect(ran).toEqual(['b1', 'i1']);
    await free('i1');
    await free('i2');
    expect(ran).toEqual(['b1', 'i1', 'i2', 'b2']);
    await free('b2');
    expect(q.waiting()).toBe(0);
  });

  it('lets a background call go first once it has waited the bound, however many interactive calls wait', async () => {
    const q = queue();
    push(q, 'interactive', 'i0');
    push(q, 'background', 'b1');
    for (let i = 1; i <= 5; i++) push(q, 'interactive', `i${i}`);
    await free('i0');
    clock = 49;
    await free('i1');
    expect(ran).toEqual(['i0', 'i1', 'i2']);
    clock = 50;
    await free('i2');
    expect(ran).toEqual(['i0', 'i1', 'i2', 'b1']);
    await free('b1');
    expect(ran.at(-1)).toBe('i3');
  });

  it('keeps going after a call that fails', async () => {
    const q = queue();
    q.push('interactive', () => Promise.reject(new Error('boom')));
    push(q, 'interactive', 'i1');
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual(['i1']);
  });
});

describe('parameters as text, as node-postgres sends them', () => {
  it('sends dates in UTC, objects as JSON, arrays as array literals, bytes as hex', () => {
    expect(paramText(null)).toBeNull();
    expect(paramText(undefined)).toBeNull();
    expect(paramText('x')).toBe('x');
    expect(paramText(42)).toBe('42');
    expect(paramText(2n ** 70n)).toBe('1180591620717411303424');
    expect(paramText(true)).toBe('true');
    expect(paramText(new Date('2026-03-01T09:30:00+02:00'))).toBe('2026-03-01T07:30:00.000Z');
    expect(paramText({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    expect(paramText(new Uint8Array([0, 255]))).toBe('\\x00ff');
    expect(paramText(['a', null, 'say "hi" \\ bye', 3])).toBe('{"a",NULL,"say \\"hi\\" \\\\ bye","3"}');
    expect(paramText([{ k: 1 }, [1, 2]])).toBe('{"{\\"k\\":1}",{"1","2"}}');
  });
});
