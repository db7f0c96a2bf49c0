// Renders any ChartSpec to one complete SVG element: the static core shared by the on-screen frame, export and the CLI.

import { BarChart } from './bar-chart';
import { BoxChart } from './box-chart';
import { HeatmapChart } from './heatmap-chart';
import { MatrixChart } from './matrix-chart';
import type { RenderProps } from './parts';
import { ScatterChart } from './scatter-chart';
import type { ChartSpec } from './spec';
import { StackedChart } from './stacked-chart';

/**
 * The SVG of `spec` at `width` px (and `height`, default: the chart's natural height) in `theme`. Pure: renders the
 * same under `renderToStaticMarkup` as in the page; `onTip` makes marks report hover/focus tooltips.
 */
export function ChartSvg(props: RenderProps<ChartSpec>) {
  const { spec } = props;
  switch (spec.type) {
    case 'box':
      return <BoxChart {...props} spec={spec} />;
    case 'bar':
      return <BarChart {...props} spec={spec} />;
    case 'scatter':
      return <ScatterChart {...props} spec={spec} />;
    case 'stacked':
      return <StackedChart {...props} spec={spec} />;
    case 'heatmap':
      return <HeatmapChart {...props} spec={spec} />;
    case 'matrix':
      return <MatrixChart {...props} spec={spec} />;
  }
}
