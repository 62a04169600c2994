/**
 * A desktop notification through the browser's Notification API (Electron's
 * renderer implements the same one). Asks for permission once, shows nothing
 * while the window has focus, and never throws where notifications are
 * unavailable.
 */
export function desktopNotify(title: string, body: string, tag: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || document.hasFocus()) return;
  const show = () => {
    try {
      const n = new Notification(title, { body, tag });
      n.onclick = () => {
        window.focus();
        onClick();
      };
    } catch {
      // Some environments expose Notification but refuse to construct it.
    }
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}
