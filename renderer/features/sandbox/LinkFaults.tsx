import { useState } from 'react';
import { TestIds } from '../../testids';
import { optionalNumber } from './use-fault';

export interface LinkTarget {
  from?: string;
  to: string;
  /** Shown on the buttons' titles. */
  text: string;
}

/** Slow, cut or heal the selected link (or every link into the selected node). */
export function LinkFaults({ target, run }: { target: LinkTarget | null; run: (fault: unknown) => void }) {
  const [delayMs, setDelayMs] = useState('500');
  const [bandwidthKb, setBandwidthKb] = useState('');
  const ends = target ? { ...(target.from ? { from: target.from } : {}), to: target.to } : null;
  const hint = target ? target.text : 'select a link or a node in the graph';
  const kbps = optionalNumber(bandwidthKb);
  return (
    <div className="tool-group">
      <span className="tool-label">Link</span>
      <label className="tool-input">
        delay
        <input value={delayMs} onChange={(e) => setDelayMs(e.target.value)} data-testid={TestIds.sandboxDelayMs} size={5} />
        ms
      </label>
      <label className="tool-input">
        bandwidth
        <input
          value={bandwidthKb}
          onChange={(e) => setBandwidthKb(e.target.value)}
          placeholder="∞"
          data-testid={TestIds.sandboxBandwidth}
          size={5}
        />
        KB/s
      </label>
      <button
        disabled={!ends}
        title={`Slow ${hint}`}
        data-testid={TestIds.sandboxSlowLink}
        onClick={() =>
          ends &&
          run({
            kind: 'slow-link',
            ...ends,
            delayMs: Number(delayMs.trim() === '' ? 0 : delayMs),
            bandwidthBytesPerSec: kbps === null ? null : Math.round(kbps * 1024),
          })
        }
      >
        Slow
      </button>
      <button disabled={!ends} title={`Cut ${hint}`} className="danger" data-testid={TestIds.sandboxCutLink} onClick={() => ends && run({ kind: 'cut-link', ...ends })}>
        Cut
      </button>
      <button disabled={!ends} title={`Heal ${hint}`} data-testid={TestIds.sandboxHealLink} onClick={() => ends && run({ kind: 'heal-link', ...ends })}>
        Heal
      </button>
    </div>
  );
}
