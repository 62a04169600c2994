import { parseUrl } from './app-origin';

/**
 * The only places a link in the app may open in the system browser:
 * documentation of the servers ReplicaDesk drives. https only, exact host
 * (no subdomains, no user info, default port). Everything else is dropped.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['www.postgresql.org', 'patroni.readthedocs.io', 'etcd.io'];

export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  const u = parseUrl(url);
  return (
    u !== null &&
    u.protocol === 'https:' &&
    hosts.includes(u.hostname) &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}
