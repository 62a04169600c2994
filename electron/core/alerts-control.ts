/**
 * Pausing alerts from outside the alerts service (the tray's "Pause alerts").
 * Paused alerts are not sent; monitoring, history and alarms go on. AlertService
 * implements it.
 */
export interface AlertsControl {
  paused(): boolean;
  setPaused(p: boolean): void;
}

