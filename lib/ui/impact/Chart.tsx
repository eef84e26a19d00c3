import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../../i18n/i18n';

/** Series colours with at least 3:1 against the card, light and dark (the CSS variables' palette). */
const PALETTE = {
  light: ['#4f46e5', '#1f7a4d', '#b3261e', '#8a5a00', '#0e7490', '#9d174d', '#5d5b6a'],
  dark: ['#9d97ff', '#5fd09a', '#ff8a80', '#f5c26b', '#67e8f9', '#f9a8d4', '#a8a6b8'],
};

const darkQuery = () => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

/** Follows the system's dark mode: the chart is drawn again in the other colours when it changes. */
function useDark(): boolean {
  const [dark, setDark] = useState(() => darkQuery()?.matches ?? false);
  useEffect(() => {
    const q = darkQuery();
    if (!q) return;
    const on = () => setDark(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, []);
  return dark;
}

export const seriesColour = (i: number, dark: boolean) => PALETTE[dark ? 'dark' : 'light'][i % PALETTE.light.length]!;

export interface ChartProps {
  kind: 'lines' | 'bars';
  /** The x values' labels: weeks ("YYYY-MM-DD") for lines, networks for bars. */
  labels: string[];
  series: { name: string; values: number[] }[];
  /** What the chart shows, for people who cannot see it (its data table follows it). */
  label: string;
}

/** A uPlot chart (lines or bars) in the page's colours, redrawn when its data, width or colour scheme change. */
export function Chart({ kind, labels, series, label }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const dark = useDark();
  // Measured before the first drawing (a layout effect), so the chart is drawn once at its width, not again when the observer first reports.
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(280, Math.floor(el.clientWidth)));
    measure();
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    return () => resize.disconnect();
  }, []);
  // Drawn before the browser paints (a layout effect too): the chart appears with the table, not a frame later.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || labels.length === 0 || width === 0) return;
    const style = getComputedStyle(document.documentElement);
    const text = style.getPropertyValue('--muted').trim() || (dark ? '#a8a6b8' : '#5d5b6a');
    const grid = style.getPropertyValue('--line').trim() || (dark ? '#34323f' : '#e3e1ec');
    const xs = labels.map((_, i) => i);
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const plot = new uPlot(
      {
        width,
        height: 240,
        legend: { show: false },
        cursor: { show: kind === 'lines', drag: { x: false, y: false } },
        // Counts start at zero: a bar or a line drawn from anywhere else exaggerates the difference.
        scales: { x: { time: false, range: kind === 'bars' ? [-0.5, labels.length - 0.5] : [0, Math.max(1, labels.length - 1)] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [
          { ...axis, splits: () => xs, values: (_u, ticks) => ticks.map((v) => (kind === 'lines' ? (labels[v]?.slice(5) ?? '') : (labels[v] ?? ''))) },
          { ...axis, values: (_u, ticks) => ticks.map((v) => formatNumber(v)) },
        ],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.name,
            stroke: seriesColour(i, dark),
            width: 2,
            ...(kind === 'bars' ? { fill: seriesColour(i, dark), paths: uPlot.paths.bars!({ size: [0.6, 80] }), points: { show: false } } : { points: { size: 6 } }),
          })),
        ],
      },
      [xs, ...series.map((s) => s.values)],
      el,
    );
    return () => plot.destroy();
  }, [kind, labels, series, dark, width]);
  return <div class={`chart ${kind}`} role="img" aria-label={label} ref={box} />;
}

/** The chart's key: each series' name by its colour. */
export function ChartKey({ names }: { names: string[] }) {
  const dark = useDark();
  return (
    <ul class="chart-key">
      {names.map((name, i) => (
        <li key={name}>
          <span class="swatch" style={{ background: seriesColour(i, dark) }} aria-hidden="true" />
          <span dir="auto">{name}</span>
        </li>
      ))}
    </ul>
  );
}
