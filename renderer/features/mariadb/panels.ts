import { GaleraPanel } from './GaleraPanel';
import { MariadbNodePanel } from './MariadbNodePanel';

/** What the app shell shows for a MariaDB cluster: beside the node detail, and among the cluster panels. */
export const mariadbPanels = { node: MariadbNodePanel, cluster: GaleraPanel } as const;
