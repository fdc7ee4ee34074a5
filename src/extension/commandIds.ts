/** Every command id of the extension, stated once. `COMMANDS` are contributed in package.json (the
 *  palette, menus); `INTERNAL_COMMANDS` serve hover links, lenses, tests and automation and are not
 *  contributed. test/unit/manifest.test.ts holds both tables, package.json and the code equal. */
export const COMMANDS = {
  plotLoss: 'losslab.plotLoss',
  compareLosses: 'losslab.compareLosses',
  showCurves: 'losslab.showCurves',
  landscape: 'losslab.landscape',
  sweep: 'losslab.sweep',
  sweepCancel: 'losslab.sweep.cancel',
  sweepShowResults: 'losslab.sweep.showResults',
  sweepExport: 'losslab.sweep.export',
  sweepExportScript: 'losslab.sweep.exportScript',
  sweepImportResults: 'losslab.sweep.importResults',
  plotLossForCell: 'losslab.plotLossForCell',
  addPythonHelper: 'losslab.addPythonHelper',
  checkLoss: 'losslab.checkLoss',
  logsOpen: 'losslab.logs.open',
  logsShowCurves: 'losslab.logs.showCurves',
  logsShowTag: 'losslab.logs.showTag',
  logsFilter: 'losslab.logs.filter',
  logsClearFilter: 'losslab.logs.clearFilter',
  walkthroughOpen: 'losslab.walkthrough.open',
} as const;

export const INTERNAL_COMMANDS = {
  /** A hover link or lens action: open the plot, comparison, sweep or landscape it names. */
  editorOpen: 'losslab.editor.open',
  /** The catalog loss written where the cursor is, with its literal options. */
  lossAtCursor: 'losslab.editor.lossAtCursor',
  panelsInspect: 'losslab.panels.inspect',
  panelsExport: 'losslab.panels.export',
  sweepStatus: 'losslab.sweep.status',
  sweepStorageFolder: 'losslab.sweep.storageFolder',
  sweepPanelInspect: 'losslab.sweepPanel.inspect',
  sweepPanelView: 'losslab.sweepPanel.view',
  /** A landscape figure from a notebook output, opened in the landscape panel (the renderer's button). */
  notebookOpenInPanel: 'losslab.notebook.openInPanel',
  /** What the runs view and the logs panel hold. */
  logsInspect: 'losslab.logs.inspect',
} as const;
