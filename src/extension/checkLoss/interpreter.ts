/** The Python a user's loss runs in: the Python extension's active environment (its public API)
 *  when that extension is installed, else the losslab.python.interpreter setting, else python3. */
import * as vscode from 'vscode';
import { setting } from '../config';
import { errorText, log } from '../log';

export interface Interpreter {
  path: string;
  /** Where it came from, for messages. */
  source: string;
}

const PYTHON_EXTENSION = 'ms-python.python';

function field(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
}

async function fromPythonExtension(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (!ext) return undefined;
  try {
    const api: unknown = ext.isActive ? ext.exports : await ext.activate();
    const environments = field(api, 'environments');
    const getActive = field(environments, 'getActiveEnvironmentPath');
    if (typeof getActive === 'function') {
      const env: unknown = await (getActive as (r?: vscode.Uri) => unknown).call(environments, resource);
      const path = field(env, 'path');
      if (typeof path === 'string' && path.length > 0) return path;
    }
    const settings = field(api, 'settings');
    const details = field(settings, 'getExecutionDetails');
    if (typeof details === 'function') {
      const exec = field(await (details as (r?: vscode.Uri) => unknown).call(settings, resource), 'execCommand');
      if (Array.isArray(exec) && typeof exec[0] === 'string') return exec[0];
    }
  } catch (e) {
    log().warn(`the Python extension did not name an interpreter (${errorText(e)}); falling back to losslab.python.interpreter`);
  }
  return undefined;
}

export async function pythonInterpreter(resource: vscode.Uri | undefined): Promise<Interpreter> {
  const chosen = await fromPythonExtension(resource);
  if (chosen) return { path: chosen, source: 'the Python extension' };
  const configured = setting('python.interpreter', resource).trim();
  if (configured) return { path: configured, source: 'the losslab.python.interpreter setting' };
  return { path: 'python3', source: 'python3 on PATH' };
}
