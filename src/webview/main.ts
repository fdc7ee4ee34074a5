// Browser entry of every Loss Lab panel (explorer, curves, landscape; the sweep panel's page says data-app="sweep").
import './styleNonce';
import { PanelApp } from './app';
import { SweepApp } from './sweep';
import { reportProblem } from './hostChannel';
import { loadPageTranslations } from './l10n';

function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the panel page has no #${id}`);
  return e;
}

// First: the apps build their text with l10n.t.
const translationProblem = loadPageTranslations();
const page = { controls: byId('controls'), plot: byId('plot'), info: byId('info'), status: byId('status') };
if (translationProblem) reportProblem(page.status, translationProblem);
if (document.body.dataset.app === 'sweep') new SweepApp(page).start();
else new PanelApp(page).start();
