import type { EnginePolicyPreview, EnginePolicyState, PglResolution } from '../../../../shared/ipc/engine-policy';
import { fail, ok, type Result } from '../../../../shared/result';
import type { EnginePolicyCapable } from '../../../core/driver';
import { PGL_RESOLUTIONS } from './policy';
import type { PglogicalSupport } from './pgl-support';

/** The engine-policy capability of a PostgreSQL cluster: pglogical.conflict_resolution, where pglogical runs. */
export function pglEnginePolicy(pgl: () => PglogicalSupport): EnginePolicyCapable {
  const none = () => fail('not-supported', 'no node of this cluster runs pglogical: PostgreSQL has no conflict policy of its own (per-table rules are applied by ReplicaDesk)');
  return {
    enginePolicy: (): Result<EnginePolicyState> => (pgl().found() ? ok({ engine: 'pglogical', values: [...PGL_RESOLUTIONS], perNode: pgl().policies() }) : none()),
    previewEnginePolicy: (value: PglResolution): Result<EnginePolicyPreview> => {
      if (!pgl().found()) return none();
      const p = pgl().previewPolicy(value);
      if (!p.ok) return p;
      return ok({ value, considered: p.value.outcome.considered, flipped: p.value.outcome.flipped, summary: p.value.outcome.summary, statements: p.value.statements, nodes: p.value.nodes });
    },
    setEnginePolicy: (value, signal) => pgl().setPolicy(value, signal),
  };
}
