/** One entry for every figure kind: payload (and the viewer's choices) in, plotly spec out. */
import type { Figure } from '../protocol/figure';
import { buildCurves, defaultCurvesView, type CurvesView } from './curves';
import { buildExplorer } from './explorer';
import { buildLandscape, defaultLandscapeView, type LandscapeView } from './landscape';
import type { PlotSpec } from './spec';
import type { PlotTheme } from './theme';

export interface FigureView {
  curves?: Partial<CurvesView>;
  landscape?: Partial<LandscapeView>;
}

export function buildFigure(figure: Figure, theme: PlotTheme, view: FigureView = {}): PlotSpec {
  switch (figure.kind) {
    case 'curves':
      return buildCurves(figure, theme, { ...defaultCurvesView(figure), ...view.curves });
    case 'landscape':
      return buildLandscape(figure, theme, { ...defaultLandscapeView(figure), ...view.landscape });
    case 'explorer':
      return buildExplorer(figure, theme);
  }
}
