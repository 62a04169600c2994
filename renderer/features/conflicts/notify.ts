import { desktopNotify } from '../../lib/desktop-notify';
import type { ConflictEvent } from '../../../shared/model/conflict';

/** A desktop notification for a new conflict; clicking it opens the conflict. */
export function notifyConflict(c: ConflictEvent, clusterName: string, onClick: () => void): void {
  desktopNotify(`Conflict on ${c.target.table}/${c.target.key}`, `${clusterName}: ${c.kind} between ${c.versions.map((v) => v.origin).join(' and ')}`, `conflict-${c.id}`, onClick);
}
