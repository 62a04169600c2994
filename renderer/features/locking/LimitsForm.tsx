import { useState } from 'react';
import type { LockingLimits } from '../../../shared/model/locking';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { saveLimits } from './commands';
import { limitsFromSeconds, toSeconds } from './format';
import { limitsSaveOf, useLocking } from './store';

/** The warning limits, in seconds: validated here with the shared schema, then again by the core. */
export function LimitsForm({ clusterId, limits }: { clusterId: string; limits: LockingLimits }) {
  const api = useApi();
  const save = useLocking((s) => limitsSaveOf(s, clusterId));
  const [age, setAge] = useState(toSeconds(limits.preparedAgeMs));
  const [wait, setWait] = useState(toSeconds(limits.chainWaitMs));
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = () => {
    const r = limitsFromSeconds(age, wait);
    setInvalid(r.ok ? null : r.reason);
    if (r.ok) void saveLimits(api, clusterId, r.limits);
  };
  const error = invalid ?? (save.kind === 'failed' ? save.reason : null);
  return (
    <form
      className="limits-form small"
      noValidate /* our schema says what is wrong, naming the field; the browser's check would silently block */
      data-testid={TestIds.limitsForm}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label>
        warn about a prepared transaction older than
        <input type="number" min="1" step="1" value={age} onChange={(e) => setAge(e.target.value)} data-testid={TestIds.limitsPreparedAge} aria-label="Prepared transaction age limit (s)" />s
      </label>
      <label>
        and a chain waiting longer than
        <input type="number" min="1" step="1" value={wait} onChange={(e) => setWait(e.target.value)} data-testid={TestIds.limitsChainWait} aria-label="Blocking chain wait limit (s)" />s
      </label>
      <button type="submit" disabled={save.kind === 'saving'} data-testid={TestIds.limitsSave}>
        {save.kind === 'saving' ? 'Saving…' : 'Save limits'}
      </button>
      <span data-testid={TestIds.limitsResult} data-state={error ? 'failed' : save.kind}>
        {error ? <span className="error-text">{error}</span> : save.kind === 'saved' ? <span className="ok-text">saved</span> : null}
      </span>
    </form>
  );
}
