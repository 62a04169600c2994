import { useState } from 'react';
import { AlertRuleSchema, RuleLimitsSchema, type RuleLimits } from '../../../shared/ipc/alerts';
import { useApi } from '../../api/context';
import { AlertIds } from './ids';
import { useAlertsConfig } from './use-alerts';

const FIELDS: { key: keyof Omit<RuleLimits, 'disabled'>; label: string }[] = [
  { key: 'lagBytes', label: 'lag limit (bytes)' },
  { key: 'lagSeconds', label: 'lag limit (s)' },
  { key: 'lagForSeconds', label: 'lag held for (s)' },
  { key: 'slotRetainedBytes', label: 'slot WAL limit (bytes)' },
  { key: 'inDoubtAgeSeconds', label: 'in-doubt age (s)' },
  { key: 'leaderChanges', label: 'leader changes' },
  { key: 'leaderWindowMinutes', label: 'in (min)' },
];

/** This cluster's rule limits and which rules are on; validated with the shared schema, then by the core. */
export function RuleLimitsForm({ clusterId }: { clusterId: string }) {
  const { config } = useAlertsConfig();
  if (!config) return null;
  return <LimitsEditor key={clusterId} clusterId={clusterId} current={config.limits[clusterId] ?? config.defaults} />;
}

function LimitsEditor({ clusterId, current }: { clusterId: string; current: RuleLimits }) {
  const api = useApi();
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, String(current[f.key])])));
  const [disabled, setDisabled] = useState<string[]>(current.disabled);
  const [result, setResult] = useState<string | null>(null);
  const save = async () => {
    const parsed = RuleLimitsSchema.safeParse({ ...Object.fromEntries(FIELDS.map((f) => [f.key, Number(draft[f.key])])), disabled });
    if (!parsed.success) return setResult(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const r = await api.invoke('alerts:setLimits', { clusterId, limits: parsed.data });
    setResult(r.ok ? 'saved' : r.reason);
  };
  return (
    <form className="limits-form small" noValidate data-testid={AlertIds.limitsForm} onSubmit={(e) => (e.preventDefault(), void save())}>
      <strong>Rule limits</strong> (lag and slot alerts clear under 80 % of their limit)
      {FIELDS.map((f) => (
        <label key={f.key}>
          {f.label}
          <input type="number" value={draft[f.key] ?? ''} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} aria-label={f.label} />
        </label>
      ))}
      <span>
        {AlertRuleSchema.options.map((rule) => (
          <label key={rule}>
            <input type="checkbox" checked={!disabled.includes(rule)} onChange={(e) => setDisabled(e.target.checked ? disabled.filter((x) => x !== rule) : [...disabled, rule])} />
            {rule}
          </label>
        ))}
      </span>
      <button type="submit">Save limits</button>
      {result && <span className={result === 'saved' ? 'ok-text' : 'error-text'}> {result}</span>}
    </form>
  );
}
