/** The one plotly.js used by the webviews and the notebook renderer: a partial bundle with only the
 *  trace types Loss Lab draws (the full bundle is ~7 MB). */
import * as Plotly from 'plotly.js/lib/core';
import * as contour from 'plotly.js/lib/contour';
import * as heatmap from 'plotly.js/lib/heatmap';
import * as scatter from 'plotly.js/lib/scatter';
import * as scatter3d from 'plotly.js/lib/scatter3d';
import * as surface from 'plotly.js/lib/surface';

Plotly.register([scatter, scatter3d, contour, heatmap, surface]);

export { Plotly };
