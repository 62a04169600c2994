import { describe, expect, it } from 'vitest';
import { ACTIVITY_EVERY_MS, WebBridgeClient } from '../../../renderer/api/web-bridge';
import type { WebSocketLike } from '../../../renderer/api/socket';
import { watchUserActivity } from '../../../renderer/api/user-activity';

function fakeSocket(): WebSocketLike & { sent: string[] } {
  const sent: string[] = [];
  return { sent, onopen: null, onmessage: null, onclose: null, onerror: null, send: (d) => void sent.push(d), close: () => undefined };
}

describe('browser mode: what keeps a session alive is someone at the page', () => {
  it('input on the page reports activity; the page after unsubscribing, or a client without it, reports none', () => {
    const target = new EventTarget() as unknown as Window;
    let seen = 0;
    const off = watchUserActivity(target, { activity: () => void seen++ });
    for (const kind of ['pointerdown', 'keydown', 'wheel', 'pointermove', 'touchstart']) target.dispatchEvent(new Event(kind));
    target.dispatchEvent(new Event('visibilitychange')); // not input
    expect(seen).toBe(5);
    off();
    target.dispatchEvent(new Event('keydown'));
    expect(seen).toBe(5);
    expect(() => watchUserActivity(target, {})()).not.toThrow();
  });

  it('the bridge client sends one activity frame per second at most, only while open, and never with requests', () => {
    let now = 10_000;
    const socket = fakeSocket();
    const c = new WebBridgeClient({ url: 'ws://x/bridge', createSocket: () => socket, now: () => now });
    c.start();
    c.activity(); // still connecting: nothing to send it on
    expect(socket.sent).toEqual([]);
    socket.onopen?.({});
    c.activity();
    c.activity();
    now += ACTIVITY_EVERY_MS - 1;
    c.activity();
    expect(socket.sent).toEqual(['{"type":"activity"}']);
    now += 1;
    c.activity();
    void c.invoke('clusters:list', {});
    expect(socket.sent.filter((f) => f === '{"type":"activity"}')).toHaveLength(2);
    expect(JSON.parse(socket.sent[2]!)).toMatchObject({ channel: 'clusters:list' });
    expect(JSON.parse(socket.sent[2]!)).not.toHaveProperty('type');
    c.dispose();
  });

  it('input on the page reaches a real bridge client as one activity frame', () => {
    const socket = fakeSocket();
    const c = new WebBridgeClient({ url: 'ws://x/bridge', createSocket: () => socket });
    c.start();
    socket.onopen?.({});
    const target = new EventTarget() as unknown as Window;
    const off = watchUserActivity(target, c);
    target.dispatchEvent(new Event('keydown'));
    target.dispatchEvent(new Event('pointerdown'));
    expect(socket.sent).toEqual(['{"type":"activity"}']);
    off();
    c.dispose();
  });
});
