/** data-testid values of the MariaDB panels (the e2e and unit tests select by these). */
export const MariadbTestIds = {
  nodePanel: 'mariadb-node-panel',
  nodeField: 'mariadb-node-field',
  errantGtids: 'mariadb-errant-gtids',
  errantGtid: 'mariadb-errant-gtid',
  sampleAge: 'mariadb-sample-age',
  galeraPanel: 'galera-panel',
  galeraComponent: 'galera-component',
  galeraNode: 'galera-node',
  galeraBootstrap: 'galera-bootstrap',
  galeraPartition: 'galera-partition',
  galeraConflict: 'galera-conflict',
} as const;
