import { useCallback } from 'react';
import { SandboxFaultSchema } from '../../../shared/ipc/sandbox';
import { parseOrFail } from '../../../shared/validate';
import { useApi } from '../../api/context';
import { injectFault, rejectFault } from './store';

/** Returns `run(fault)`: checks the fault with the shared schema, then sends `sandbox:fault`. */
export function useFault(clusterId: string): (fault: unknown) => void {
  const api = useApi();
  return useCallback(
    (candidate: unknown) => {
      const parsed = parseOrFail(SandboxFaultSchema, candidate, 'fault');
      if (!parsed.ok) {
        rejectFault(clusterId, parsed.reason, parsed.code);
        return;
      }
      void injectFault(api, clusterId, parsed.value);
    },
    [api, clusterId],
  );
}

/** "" → null (no limit); otherwise a number (NaN is left for the schema to refuse). */
export function optionalNumber(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}
