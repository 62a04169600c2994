import { useState } from 'react';
import type { Cluster, ClusterSpec } from '../../../shared/model/cluster';
import type { Result } from '../../../shared/result';
import { TestIds } from '../../testids';
import { issuesToFieldErrors, type FieldErrors, type FormCheck } from './form-check';
import { poolerIssuesToRowErrors, type PoolerRowErrors } from './pooler-form';

/**
 * The Add and Edit forms' one submit flow: the form's own check first (fields marked), then the core's answer,
 * whose issues are mapped back onto the fields and rows (`agentRows`: the form row of each node agent sent).
 */
export function useClusterFormSubmit(send: (spec: ClusterSpec) => Promise<Result<Cluster>>, onDone: () => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [rowErrors, setRowErrors] = useState<PoolerRowErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (check: FormCheck, agentRows?: readonly number[]) => {
    if (!check.ok) {
      setErrors(check.errors);
      setRowErrors(check.rowErrors ?? {});
      setFormError(check.general ?? 'Fix the fields marked in red.');
      return;
    }
    setErrors({});
    setRowErrors({});
    setFormError(null);
    setSubmitting(true);
    const result = await send(check.spec);
    setSubmitting(false);
    if (result.ok) return onDone();
    setErrors(issuesToFieldErrors(result.issues ?? [], check.spec.engine, agentRows).errors);
    setRowErrors(poolerIssuesToRowErrors(result.issues ?? []));
    setFormError(`${result.reason} (${result.code})`);
  };
  return { errors, rowErrors, formError, submitting, submit };
}

/** The form's error line and its two buttons. */
export function ClusterFormFooter({ formError, submitting, label, busyLabel, onCancel }: { formError: string | null; submitting: boolean; label: string; busyLabel: string; onCancel: () => void }) {
  return (
    <>
      {formError && (
        <div className="form-error" role="alert" data-testid={TestIds.formError}>
          {formError}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submitting} data-testid={TestIds.formSubmit}>
          {submitting ? busyLabel : label}
        </button>
        <button type="button" onClick={onCancel} data-testid={TestIds.formCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
