import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';
import type { AlertsControl } from '../core/alerts-control';

export type TrayLike = Pick<Tray, 'setContextMenu' | 'setToolTip' | 'on' | 'destroy'>;

export interface TrayDeps {
  /** `new Tray(icon)`; throws where the desktop has no tray. */
  createTray(): TrayLike;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  alerts: AlertsControl;
  onOpen(): void;
  onQuit(): void;
}

/** The tray menu: Open, Pause alerts (a check box), Quit. */
export function trayMenuTemplate(paused: boolean, actions: { open(): void; togglePause(): void; quit(): void }): MenuItemConstructorOptions[] {
  return [
    { label: 'Open ReplicaDesk', click: () => actions.open() },
    { label: 'Pause alerts', type: 'checkbox', checked: paused, toolTip: 'Stop sending alerts; monitoring and history go on', click: () => actions.togglePause() },
    { type: 'separator' },
    { label: 'Quit (stop monitoring)', click: () => actions.quit() },
  ];
}

export function trayToolTip(paused: boolean): string {
  return paused ? 'ReplicaDesk: watching, alerts paused' : 'ReplicaDesk: watching';
}

/**
 * The tray icon that keeps the app (and its monitoring) alive with no window.
 * Electron objects come in through `deps`, so it is tested without Electron.
 */
export class AppTray {
  private constructor(
    private readonly tray: TrayLike,
    private readonly deps: TrayDeps,
  ) {}

  /** The tray, or null where the desktop has none (the caller then quits with the last window). */
  static start(deps: TrayDeps, onError: (error: unknown) => void): AppTray | null {
    let tray: TrayLike;
    try {
      tray = deps.createTray();
    } catch (error) {
      onError(error);
      return null;
    }
    const t = new AppTray(tray, deps);
    // Windows and macOS emit click on the icon; Linux app indicators only show the menu.
    tray.on('click', () => deps.onOpen());
    t.refresh();
    return t;
  }

  /** Redraws the menu and tool tip from the alerts state. */
  refresh(): void {
    const paused = this.deps.alerts.paused();
    const template = trayMenuTemplate(paused, {
      open: () => this.deps.onOpen(),
      togglePause: () => {
        this.deps.alerts.setPaused(!this.deps.alerts.paused());
        this.refresh();
      },
      quit: () => this.deps.onQuit(),
    });
    this.tray.setContextMenu(this.deps.buildMenu(template));
    this.tray.setToolTip(trayToolTip(paused));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
