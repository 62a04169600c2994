import type { NodeView } from './node-view';

/** Slack on top of the receiver's own ping: max(5 s, 3 sample intervals). */
export function silenceSlackMs(sampleIntervalMs: number): number {
  return Math.max(5_000, 3 * sampleIntervalMs);
}

/**
 * How long a standby's WAL receiver has heard nothing from an upstream that does not
 * answer us, when that is past the point where a live upstream would have spoken; else null.
 *
 * Measured on PG15: on an idle, healthy link the walsender sends nothing until the
 * receiver pings it after wal_receiver_timeout / 2 of silence (last_msg_receipt_time
 * aged to 29.7 s with the default 60 s), and a live walsender answers the ping at once.
 * So silence past wal_receiver_timeout / 2 plus the slack means the ping went unanswered:
 * the upstream is hung or gone, though the receiver still says `streaming` until
 * wal_receiver_timeout. With wal_receiver_timeout = 0 nobody pings: silence proves nothing.
 */
export function receiverSilentForMs(v: NodeView, upstream: NodeView | undefined, slackMs: number): number | null {
  const r = v.reading;
  const rc = r?.receiver;
  if (!r?.inRecovery || !rc || rc.status !== 'streaming' || !upstream || upstream.reading) return null;
  const timeoutMs = rc.timeoutMs ?? 0;
  if (timeoutMs <= 0 || rc.lastMsgReceiptAtMs === null) return null;
  const silent = Math.max(0, r.serverNowMs - rc.lastMsgReceiptAtMs);
  return silent > timeoutMs / 2 + slackMs ? silent : null;
}

/** Views with a silent receiver no longer count as streaming from their upstream (this sample). */
export function withSilence(views: readonly NodeView[], slackMs: number): NodeView[] {
  const byId = new Map(views.map((v) => [v.id, v]));
  return views.map((v) => {
    const silentMs = v.streamingFromId ? receiverSilentForMs(v, byId.get(v.streamingFromId), slackMs) : null;
    return silentMs === null ? v : { ...v, streamingFromId: null, receiverSilentMs: silentMs };
  });
}
