import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { EventRow } from './EventRow';
import { OpenAlarms } from './OpenAlarms';
import { eventIdsFor, setEventFilter, useEvents, type EventsState } from './store';
import './events.css';

const ROW_HEIGHT = 26;

function FilterSelect({ filter }: { filter: EventsState['filter'] }) {
  const ids = useClusters((s) => s.ids);
  const names = useClusters(useShallow((s) => s.ids.map((id) => s.byId[id]?.name ?? id)));
  const value = filter === null ? '*' : filter;
  return (
    <select
      value={value}
      data-testid={TestIds.eventsFilter}
      onChange={(e) => setEventFilter(e.target.value === '*' ? null : e.target.value)}
      aria-label="Show events of"
    >
      <option value="selected">Selected cluster</option>
      <option value="*">All clusters</option>
      {ids.map((id, i) => (
        <option key={id} value={id}>
          {names[i] ?? id}
        </option>
      ))}
    </select>
  );
}

/** Cluster events, newest first, virtualised (up to 1,000 kept). */
export function EventsPanel() {
  const filter = useEvents((s) => s.filter);
  const selectedId = useClusters((s) => s.selectedId);
  const clusterId = filter === 'selected' ? selectedId : filter;
  const ids = useEvents(useShallow((s) => eventIdsFor(s, clusterId)));
  const scrollRef = useRef<HTMLDivElement>(null);
  // We do not use the React Compiler; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <section className="panel events-panel" data-testid={TestIds.eventsPanel}>
      <header className="panel-head">
        <h2>Events</h2>
        <span className="muted small">{ids.length}</span>
        <span className="spacer" />
        <FilterSelect filter={filter} />
      </header>
      <OpenAlarms clusterId={clusterId} />
      <div className="events-scroll" ref={scrollRef} data-testid={TestIds.eventsList} data-count={ids.length}>
        {ids.length === 0 && <div className="muted small pad">No events yet.</div>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div key={ids[item.index]} className="event-slot" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
              <EventRow id={ids[item.index] as string} showCluster={clusterId === null} />
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
