import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TestIds } from '../../testids';
import { useTopology } from '../topology/store';

/** Write rate, and a conflicting write of the same key on two peers. */
export function WorkloadFaults({ clusterId, run }: { clusterId: string; run: (fault: unknown) => void }) {
  const nodeIds = useTopology(useShallow((s) => s.byCluster[clusterId]?.nodes.ids ?? []));
  const [rate, setRate] = useState('10');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [key, setKey] = useState('');
  const first = a || nodeIds[0] || '';
  const second = b || nodeIds.find((id) => id !== first) || '';
  return (
    <>
      <div className="tool-group">
        <span className="tool-label">Writes</span>
        <input value={rate} onChange={(e) => setRate(e.target.value)} data-testid={TestIds.sandboxWriteRate} size={5} aria-label="writes per second" />
        <span className="muted small">/s</span>
        <button
          data-testid={TestIds.sandboxWriteRateApply}
          onClick={() => run({ kind: 'write-rate', writesPerSecond: Number(rate.trim() === '' ? NaN : rate) })}
        >
          Set
        </button>
      </div>
      <div className="tool-group">
        <span className="tool-label">Same key</span>
        <select value={first} onChange={(e) => setA(e.target.value)} data-testid={TestIds.sandboxSameKeyA} aria-label="first peer">
          {nodeIds.map((id) => (
            <option key={id} value={id}>{id}</option>
          ))}
        </select>
        <select value={second} onChange={(e) => setB(e.target.value)} data-testid={TestIds.sandboxSameKeyB} aria-label="second peer">
          {nodeIds.map((id) => (
            <option key={id} value={id}>{id}</option>
          ))}
        </select>
        <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="key (optional)" data-testid={TestIds.sandboxSameKeyName} size={12} style={{ width: 110 }} />
        <button
          disabled={!first || !second || first === second}
          title="Write the same key on both peers at once, to make a conflict"
          data-testid={TestIds.sandboxSameKey}
          onClick={() => run({ kind: 'same-key', nodeIds: [first, second], ...(key.trim() ? { key: key.trim() } : {}) })}
        >
          Write both
        </button>
      </div>
    </>
  );
}
