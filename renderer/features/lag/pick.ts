import type { ReplicationLink } from '../../../shared/model/link';
import type { Normalized } from '../../lib/normalized';
import type { Selection } from '../topology/selection';

export const MAX_CHARTS = 4;

/**
 * Which links get a chart: the selected link, or the selected node's links,
 * first; then the rest in topology order, up to `max`. With 200 nodes we
 * never draw 199 charts.
 */
export function pickChartLinks(links: Normalized<ReplicationLink> | undefined, selection: Selection, max = MAX_CHARTS): string[] {
  if (!links) return [];
  const first: string[] = [];
  if (selection.kind === 'link' && links.byId[selection.linkId]) first.push(selection.linkId);
  if (selection.kind === 'node') {
    for (const id of links.ids) {
      const l = links.byId[id];
      if (l && l.to === selection.nodeId) first.push(id);
    }
    for (const id of links.ids) {
      const l = links.byId[id];
      if (l && l.from === selection.nodeId) first.push(id);
    }
  }
  const picked = new Set(first.slice(0, max));
  for (const id of links.ids) {
    if (picked.size >= max) break;
    picked.add(id);
  }
  return [...picked];
}
