import type { DeskClient } from './types';

/** Input that means someone is at the page. The page's own timers send none of these. */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

type EventTarget = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/**
 * Browser mode: tells the server when someone uses the page, which is what keeps the session alive (the
 * client sends at most one small frame a second). Returns the unsubscribe.
 */
export function watchUserActivity(target: EventTarget, client: Pick<DeskClient, 'activity'>): () => void {
  if (!client.activity) return () => undefined;
  const onInput = () => client.activity?.(); // called on the client: `activity` uses its `this`
  const opts = { capture: true, passive: true } as const;
  for (const e of INPUT_EVENTS) target.addEventListener(e, onInput, opts);
  return () => {
    for (const e of INPUT_EVENTS) target.removeEventListener(e, onInput, opts);
  };
}
