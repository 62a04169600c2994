import { describe, expect, it, vi } from 'vitest';

// These shell modules take Electron's objects as arguments: importing electron at run time would fail here.
vi.mock('electron', () => {
  throw new Error('electron was imported at run time');
});
import type { MenuItemConstructorOptions } from 'electron';
import { AppTray, trayMenuTemplate } from '../../../electron/shell/tray';
import { electronNotifier, escapeMarkup } from '../../../electron/shell/electron-notifier';
import type { AlertsControl } from '../../../electron/core/alerts-control';
import type { DesktopNotification } from '../../../electron/core/desktop-notifier';

/** Electron's Tray, Menu and Notification replaced by recorders: these modules import Electron's types only. */
class FakeTray {
  menus: MenuItemConstructorOptions[][] = [];
  tip = '';
  destroyed = false;
  handlers = new Map<string, () => void>();
  setContextMenu(menu: unknown) {
    this.menus.push(menu as MenuItemConstructorOptions[]);
  }
  setToolTip(t: string) {
    this.tip = t;
  }
  on(event: string, h: () => void) {
    this.handlers.set(event, h);
    return this as never;
  }
  destroy() {
    this.destroyed = true;
  }
}

const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

function startTray() {
  const fake = new FakeTray();
  const calls: string[] = [];
  const alerts = alertsPauseSwitch((p) => calls.push(`paused=${p}`));
  const tray = AppTray.start(
    { createTray: () => fake as never, buildMenu: (t) => t as never, alerts, onOpen: () => calls.push('open'), onQuit: () => calls.push('quit') },
    () => calls.push('error'),
  );
  return { fake, calls, alerts, tray: tray!, menu: () => fake.menus.at(-1)! };
}

describe('tray', () => {
  it('has Open, Pause alerts (unchecked) and Quit', () => {
    const { menu, fake } = startTray();
    expect(menu().map((i) => i.label ?? i.type)).toEqual(['Open ReplicaDesk', 'Pause alerts', 'separator', 'Quit (stop monitoring)']);
    expect(menu()[1]).toMatchObject({ type: 'checkbox', checked: false });
    expect(fake.tip).toBe('ReplicaDesk: watching');
  });

  it('Pause alerts flips the AlertsControl and redraws the check mark and tool tip; again resumes', () => {
    const { menu, fake, calls, alerts } = startTray();
    click(menu()[1]);
    expect(alerts.paused()).toBe(true);
    expect(menu()[1]).toMatchObject({ checked: true });
    expect(fake.tip).toContain('alerts paused');
    click(menu()[1]);
    expect(alerts.paused()).toBe(false);
    expect(menu()[1]).toMatchObject({ checked: false });
    expect(calls).toEqual(['paused=true', 'paused=false']);
  });

  it('Open and a click on the icon open the window; Quit quits', () => {
    const { menu, fake, calls } = startTray();
    click(menu()[0]);
    fake.handlers.get('click')!();
    click(menu()[3]);
    expect(calls).toEqual(['open', 'open', 'quit']);
  });

  it('is null where the desktop has no tray, and says why', () => {
    const errors: unknown[] = [];
    const alerts = alertsPauseSwitch();
    const t = AppTray.start({ createTray: () => { throw new Error('no StatusNotifier host'); }, buildMenu: (x) => x as never, alerts, onOpen: () => {}, onQuit: () => {} }, (e) => errors.push(e));
    expect(t).toBeNull();
    expect(String(errors[0])).toContain('no StatusNotifier host');
  });

  it('the template is plain data with the current state', () => {
    expect(trayMenuTemplate(true, { open() {}, togglePause() {}, quit() {} })[1]!.checked).toBe(true);
  });
});

class FakeNotification {
  static made: FakeNotification[] = [];
  shown = false;
  handlers = new Map<string, () => void>();
  constructor(readonly options: { title?: string; body?: string }) {
    FakeNotification.made.push(this);
  }
  show() {
    this.shown = true;
  }
  on(e: string, h: () => void) {
    this.handlers.set(e, h);
    return this as never;
  }
}

describe('desktop notifier (Electron Notification)', () => {
  const make = (opts: { supported?: boolean; platform?: NodeJS.Platform; throws?: boolean } = {}) => {
    FakeNotification.made = [];
    const clicked: DesktopNotification[] = [];
    const errors: unknown[] = [];
    const notifier = electronNotifier({
      create: (o) => {
        if (opts.throws) throw new Error('dbus gone');
        return new FakeNotification(o) as never;
      },
      supported: () => opts.supported ?? true,
      onClick: (n) => clicked.push(n),
      onError: (e) => errors.push(e),
      platform: opts.platform ?? 'linux',
    });
    return { notifier, clicked, errors };
  };

  it('shows title and body, and a click hands back the notification with its cluster', () => {
    const { notifier, clicked } = make();
    notifier.notify({ title: 'Primary down', body: 'pg1 is down', clusterId: 'c1' });
    const n = FakeNotification.made[0]!;
    expect(n.options).toMatchObject({ title: 'Primary down', body: 'pg1 is down' });
    expect(n.shown).toBe(true);
    n.handlers.get('click')!();
    expect(clicked).toEqual([{ title: 'Primary down', body: 'pg1 is down', clusterId: 'c1' }]);
  });

  it('escapes markup in the body on Linux (a hostile node name is text), cuts long text and control characters', () => {
    const { notifier } = make();
    notifier.notify({ title: `a\u0007b${'x'.repeat(300)}`, body: '<a href="https://evil.example">node</a> & <b>' });
    const n = FakeNotification.made[0]!;
    expect(n.options.body).toBe('&lt;a href="https://evil.example"&gt;node&lt;/a&gt; &amp; &lt;b&gt;');
    expect(n.options.title!.length).toBe(120);
    expect(n.options.title!.startsWith('a b')).toBe(true);
    expect(escapeMarkup('<>&')).toBe('&lt;&gt;&amp;');
    const mac = make({ platform: 'darwin' });
    mac.notifier.notify({ title: 't', body: '<b>' });
    expect(FakeNotification.made[0]!.options.body).toBe('<b>');
  });

  it('does nothing where notifications are unsupported, and never throws', () => {
    const off = make({ supported: false });
    off.notifier.notify({ title: 't', body: 'b' });
    expect(FakeNotification.made).toHaveLength(0);
    const broken = make({ throws: true });
    expect(() => broken.notifier.notify({ title: 't', body: 'b' })).not.toThrow();
    expect(String(broken.errors[0])).toContain('dbus gone');
  });
});

/** A plain in-memory pause switch with a listener, standing in for the alerts service. */
function alertsPauseSwitch(onChange: (paused: boolean) => void = () => undefined): AlertsControl {
  let paused = false;
  return {
    paused: () => paused,
    setPaused: (p) => {
      if (p === paused) return;
      paused = p;
      onChange(p);
    },
  };
}
