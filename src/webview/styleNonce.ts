// plotly adds its CSS rules through <style> elements it creates; under the panel's strict CSP only
// elements carrying the page's nonce are applied. Import this module before plotly: every <style>
// created from here on gets the nonce of the script that loaded this bundle.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
if (nonce) {
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (this: Document, tagName: string, options?: ElementCreationOptions): HTMLElement {
    const element = createElement.call(this, tagName, options);
    if (tagName.toLowerCase() === 'style') element.setAttribute('nonce', nonce);
    return element;
  } as typeof Document.prototype.createElement;
}

export {};
