/**
 * An http(s) URL's userinfo (`http://user:password@host:8008`, Patroni's REST
 * API or etcd behind it): taken out whole so the URL can be saved in plain
 * text, and put back when connecting. The userinfo ends at the last `@`.
 */
export function splitUrlUserinfo(url: string): { stripped: string; userinfo: string | null } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (!m) return { stripped: url, userinfo: null };
  const [, scheme = '', authority = '', tail = ''] = m;
  const at = authority.lastIndexOf('@');
  if (at < 0) return { stripped: url, userinfo: null };
  return { stripped: `${scheme}${authority.slice(at + 1)}${tail}`, userinfo: authority.slice(0, at) };
}

export function joinUrlUserinfo(stripped: string, userinfo: string | undefined): string {
  if (userinfo === undefined) return stripped;
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/i.exec(stripped);
  return m ? `${m[1]}${userinfo}@${m[2]}` : stripped;
}
