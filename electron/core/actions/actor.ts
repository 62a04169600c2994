import os from 'node:os';

/** Who is acting, for the audit log: the OS user running ReplicaDesk, on this host. */
export function localActor(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `unknown@${os.hostname()}`;
  }
}
