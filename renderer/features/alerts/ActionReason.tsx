import { AlertIds } from './ids';

/** The optional reason (a ticket number) asked on confirm: kept in the audit, the action journal and the alerts it raises. */
export function ActionReason({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <label className="action-reason small">
      Reason (optional, e.g. a ticket):
      <input value={value} maxLength={500} onChange={(e) => onChange(e.target.value)} placeholder="CHG-1234" data-testid={AlertIds.actionReason} aria-label="Reason for this action" />
    </label>
  );
}
