import { useState } from 'react';
import { useApi } from '../../api/context';
import { formatMs } from '../../lib/format';
import { TestIds } from '../../testids';
import { setSampleInterval } from './actions';

const CHOICES = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

/** How often the selected cluster is sampled; the core enforces 250 ms to 60 s. */
export function IntervalPicker({ clusterId, intervalMs }: { clusterId: string; intervalMs: number }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const choices = CHOICES.includes(intervalMs) ? CHOICES : [...CHOICES, intervalMs].sort((a, b) => a - b);
  return (
    <label className="muted small interval-picker">
      every{' '}
      <select
        value={intervalMs}
        data-testid={TestIds.sampleInterval}
        onChange={async (e) => {
          const r = await setSampleInterval(api, clusterId, Number(e.target.value));
          setError(r.ok ? null : r.reason);
        }}
      >
        {choices.map((ms) => (
          <option key={ms} value={ms}>
            {formatMs(ms)}
          </option>
        ))}
      </select>
      {error && <span className="bad"> {error}</span>}
    </label>
  );
}
