import type { ClusterKind } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import type { DriverEvent } from '../driver';
import { ClusterWatch } from '../alarms/cluster-watch';
import type { Thresholds } from '../alarms/rules';
import { LINK_GRACE_MS, LinkGrace } from './link-grace';

/**
 * What the monitor makes of each raw sample, in order: links that ended are
 * kept (as `ended`) for their grace period then removed, fact events and
 * alarms are raised and cleared, and the open alarms are put on the sample.
 * ClusterMonitor runs every sample through this; scenario tests run theirs
 * through the same code.
 */
export class SamplePipeline {
  readonly watch: ClusterWatch;
  private readonly grace: LinkGrace;

  constructor(limits: () => Thresholds, record: (e: DriverEvent & { alarmKey?: string }) => string, graceMs = LINK_GRACE_MS) {
    this.watch = new ClusterWatch(limits, record);
    this.grace = new LinkGrace(graceMs);
  }

  /** The sample as shown: links after their grace, with the alarms open after it. */
  accept(raw: ClusterSample, kind: ClusterKind | null): ClusterSample {
    const shown = this.grace.apply(raw);
    this.watch.observe(shown, kind);
    return { ...shown, alarms: this.watch.openAlarms() };
  }
}
