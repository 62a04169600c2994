import { TestIds } from '../../testids';
import { emptyPoolerRow, rowErrorKey, type PoolerRowErrors, type PoolerRowField, type PoolerRowValues } from './pooler-form';

interface Props {
  rows: readonly PoolerRowValues[];
  onChange: (rows: PoolerRowValues[]) => void;
  errors: PoolerRowErrors;
  /** The password and token fields' placeholder ("Edit connection…": empty keeps the stored secret). */
  secretPlaceholder?: string | undefined;
}

const LABELS: Record<PoolerRowField, { label: string; placeholder?: string; secret?: boolean }> = {
  name: { label: 'Name', placeholder: 'bouncer1' },
  host: { label: 'Host', placeholder: '10.0.0.9' },
  port: { label: 'Admin port', placeholder: '6432' },
  user: { label: 'Admin user (admin_users)', placeholder: 'rdadmin' },
  password: { label: 'Password', secret: true },
  agentUrl: { label: 'Agent URL (optional)', placeholder: 'wss://10.0.0.9:7401' },
  agentToken: { label: 'Agent token', secret: true },
};

const LAYOUT: PoolerRowField[][] = [['name', 'host', 'port'], ['user', 'password'], ['agentUrl', 'agentToken']];

function RowInput({ row, field, value, error, onChange, secretPlaceholder }: { row: number; field: PoolerRowField; value: string; error: string | undefined; onChange: (v: string) => void; secretPlaceholder: string | undefined }) {
  const id = `pooler-${row}-${field}`;
  const { label, secret } = LABELS[field];
  const placeholder = secret ? secretPlaceholder : LABELS[field].placeholder;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={secret ? 'password' : 'text'}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== undefined}
        data-testid={TestIds.poolerField}
        data-row={row}
        data-field={field}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <div className="field-error" data-testid={TestIds.poolerFieldError} data-row={row} data-field={field}>
          {error}
        </div>
      )}
    </div>
  );
}

/** Optional PgBouncer admin endpoints of a PostgreSQL cluster: one block per pooler, each with its own errors. */
export function PoolerRows({ rows, onChange, errors, secretPlaceholder }: Props) {
  const update = (i: number, field: PoolerRowField, value: string) => onChange(rows.map((r, k) => (k === i ? { ...r, [field]: value } : r)));
  return (
    <fieldset className="pooler-rows" data-testid={TestIds.poolerRows} data-count={rows.length}>
      <legend>PgBouncer poolers (optional)</legend>
      {rows.length === 0 && <div className="field-hint">A switchover pauses each pooler and re-points it, so pooled clients see a short stall instead of errors.</div>}
      {rows.map((row, i) => (
        <div className="pooler-row" key={i} data-testid={TestIds.poolerRow} data-row={i}>
          <div className="pooler-row-head">
            <span className="muted small">Pooler {i + 1}</span>
            <button type="button" className="link-button" data-testid={TestIds.poolerRemove} data-row={i} onClick={() => onChange(rows.filter((_, k) => k !== i))}>
              remove ✕
            </button>
          </div>
          {LAYOUT.map((line) => (
            <div className="field-row" key={line.join()}>
              {line.map((field) => (
                <RowInput key={field} row={i} field={field} value={row[field]} error={errors[rowErrorKey(i, field)]} onChange={(v) => update(i, field, v)} secretPlaceholder={secretPlaceholder} />
              ))}
            </div>
          ))}
          <div className="field-hint">The password and the agent token go to the secret store. Without an agent, a switchover cannot re-point this pooler.</div>
        </div>
      ))}
      <button type="button" data-testid={TestIds.poolerAdd} onClick={() => onChange([...rows, { ...emptyPoolerRow }])}>
        + Add PgBouncer pooler
      </button>
    </fieldset>
  );
}
