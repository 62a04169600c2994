import { create } from 'zustand';

/** What the admin clicked in the graph: a node, a link, a PgBouncer pooler, or nothing. */
export type Selection = { kind: 'none' } | { kind: 'node'; nodeId: string } | { kind: 'link'; linkId: string } | { kind: 'pooler'; poolerId: string };

export const useSelection = create<{ selection: Selection }>(() => ({ selection: { kind: 'none' } }));

export function selectNode(nodeId: string): void {
  useSelection.setState({ selection: { kind: 'node', nodeId } });
}

export function selectLink(linkId: string): void {
  useSelection.setState({ selection: { kind: 'link', linkId } });
}

export function selectPooler(poolerId: string): void {
  useSelection.setState({ selection: { kind: 'pooler', poolerId } });
}

export function clearSelection(): void {
  if (useSelection.getState().selection.kind !== 'none') useSelection.setState({ selection: { kind: 'none' } });
}

export const selectedNodeId = (s: { selection: Selection }): string | null =>
  s.selection.kind === 'node' ? s.selection.nodeId : null;

export const selectedLinkId = (s: { selection: Selection }): string | null =>
  s.selection.kind === 'link' ? s.selection.linkId : null;
