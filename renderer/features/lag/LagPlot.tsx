import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LagPoint } from '../../../shared/model/lag-point';
import { formatBytes, formatClock, formatMs } from '../../lib/format';
import { maxOf, niceTicks, seriesFor } from './chart-data';
import type { LagUnit } from './store';

/** The part of recharts' tick props these ticks use. */
interface TickProps {
  x: number | string;
  y: number | string;
  payload: { value?: unknown };
}

/**
 * Plain SVG ticks: recharts' default tick measures every label in the DOM on
 * each render, which was the biggest cost of a live chart.
 */
function tick(format: (v: number) => string, anchor: 'middle' | 'end', dx: number, dy: number) {
  return function Tick({ x, y, payload }: TickProps) {
    return (
      <text x={Number(x) + dx} y={Number(y) + dy} textAnchor={anchor} fill="#6b7a90" fontSize={10}>
        {typeof payload.value === 'number' ? format(payload.value) : ''}
      </text>
    );
  };
}

const timeTick = tick((at) => formatClock(at).slice(0, 8), 'middle', 0, 12);
const bytesTick = tick((v) => formatBytes(v), 'end', -4, 3);
const msTick = tick((v) => formatMs(v), 'end', -4, 3);

/** Four time ticks, set in from the ends so their labels are not clipped. */
function timeTicks(points: readonly LagPoint[]): number[] {
  const first = points[0]?.at;
  const last = points[points.length - 1]?.at;
  if (first === undefined || last === undefined || last <= first) return first === undefined ? [] : [first];
  return [0.08, 0.36, 0.64, 0.92].map((f) => Math.round(first + (last - first) * f));
}

/** The recharts part of a lag chart; re-renders only when its (throttled, downsampled) points change. */
export const LagPlot = memo(function LagPlot({ points, unit }: { points: LagPoint[]; unit: LagUnit }) {
  const fmt = unit === 'bytes' ? formatBytes : formatMs;
  const yTicks = niceTicks(maxOf(points, unit), unit);
  return (
    <ResponsiveContainer width="100%" height={150}>
      <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#263040" strokeDasharray="2 4" />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          ticks={timeTicks(points)}
          interval={0}
          tick={timeTick}
          stroke="#6b7a90"
        />
        <YAxis
          ticks={yTicks}
          domain={[0, Math.max(1, yTicks[yTicks.length - 1] ?? 0)]}
          tick={unit === 'bytes' ? bytesTick : msTick}
          interval={0}
          stroke="#6b7a90"
          width={62}
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(at) => formatClock(Number(at))}
          formatter={(v) => fmt(typeof v === 'number' ? v : null)}
          contentStyle={{ background: '#141b26', border: '1px solid #2a3545', fontSize: 11 }}
        />
        {seriesFor(unit).map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stroke={s.color}
            dot={false}
            activeDot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
            connectNulls={false}
            type="linear"
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
});
