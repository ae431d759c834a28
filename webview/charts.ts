// What the preview's charts share: colours read from the theme when drawn, fixed y ranges that say what they are,
// dashed reference lines, and a legend whose values show only while the pointer is on the plot.
import type uPlot from 'uplot';

export interface ChartTheme {
  foreground: string;
  grid: string;
  red: string;
  blue: string;
}

/** The theme's colours now: read again at each draw, so a theme change redraws in the new colours. */
export function chartTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const css = (name: string) => style.getPropertyValue(name).trim();
  const foreground = css('--vscode-foreground');
  return {
    foreground,
    grid: css('--vscode-widget-border') || 'rgba(128,128,128,0.2)',
    red: css('--vscode-charts-red') || foreground,
    blue: css('--vscode-charts-blue') || foreground,
  };
}

export function axis(theme: ChartTheme, label?: string): uPlot.Axis {
  return { stroke: theme.foreground, grid: { stroke: theme.grid }, ...(label ? { label } : {}) };
}

/**
 * The y range of a budget-left chart, in percent: 0 to 100 % of the budget, so that 31.74 % and 31.80 % look
 * alike; down to the lowest value, rounded to the next ten below, when the budget is overspent.
 */
export function budgetRange(values: Array<number | null>): [number, number] {
  const min = Math.min(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  return [min < 0 ? Math.floor(min / 10) * 10 : 0, 100];
}

/** A round ceiling for a y axis: 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeiling(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  const m = [1, 2, 2.5, 5, 10].find((m) => m * power >= x * (1 - 1e-12))!;
  return Number((m * power).toPrecision(12));
}

/** A range in words for an axis label: "0 to 100", "−20 to 100". */
export const rangeText = ([lo, hi]: [number, number]) =>
  `${String(lo).replace('-', '−')} to ${String(hi).replace('-', '−')}`;

/**
 * The hooks every chart of the preview takes: dashed lines at `lines` (the zero of a budget, the error ratio a
 * target allows), legend values shown only while the pointer is on the plot, and the range and axis colour
 * uPlot drew with, on the chart's host element (`data-y-min`, `data-y-max`, `data-axis-stroke`). `summary` is the
 * chart's text alternative, its figures in words, on the canvas; the legend's series names are row headers.
 */
export function chartHooks(
  host: HTMLElement,
  lines: number[],
  theme: ChartTheme,
  summary: string,
): uPlot.Hooks.Arrays {
  return {
    ready: [
      (u) => {
        const canvas = u.root.querySelector('canvas');
        canvas?.setAttribute('role', 'img');
        canvas?.setAttribute('aria-label', summary);
        for (const th of u.root.querySelectorAll('.u-legend th')) th.setAttribute('scope', 'row');
        const stroke = u.axes[0]?.stroke;
        host.dataset.axisStroke = String(typeof stroke === 'function' ? stroke(u, 0) : stroke);
      },
    ],
    setScale: [
      (u, key) => {
        if (key !== 'y') return;
        host.dataset.yMin = String(u.scales.y?.min);
        host.dataset.yMax = String(u.scales.y?.max);
      },
    ],
    setCursor: [(u) => u.root.classList.toggle('hovering', u.cursor.idx != null)],
    draw: [
      (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.strokeStyle = theme.foreground;
        ctx.globalAlpha = 0.6;
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        for (const value of lines) {
          const y = Math.round(u.valToPos(value, 'y', true));
          if (y < bbox.top || y > bbox.top + bbox.height) continue;
          ctx.beginPath();
          ctx.moveTo(bbox.left, y);
          ctx.lineTo(bbox.left + bbox.width, y);
          ctx.stroke();
        }
        ctx.restore();
      },
    ],
  };
}

/** A fixed y scale: uPlot keeps it whatever the data. */
export const fixedY = ([lo, hi]: [number, number]): uPlot.Scale => ({
  auto: false,
  range: () => [lo, hi],
});
