// Browser entry of every Loss Lab panel (explorer, curves, landscape).
import './styleNonce';
import { PanelApp } from './app';

function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the panel page has no #${id}`);
  return e;
}

new PanelApp({ controls: byId('controls'), plot: byId('plot'), info: byId('info'), status: byId('status') }).start();
