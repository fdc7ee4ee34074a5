// Types of scripts/vscode.mjs for the TypeScript test harnesses that import it.
import type { Browser } from 'playwright-core';

export const CODE_SERVER_VERSION: string;
export const REPO: string;
export const CACHE: string;
export const CHROMIUM_ARGS: string[];
export const CHROMIUM_PATH: string;

export interface CodeServer {
  url: string;
  port: number;
  /** "127.0.0.1:PORT", as the browser reaches it. */
  host: string;
  runDir: string;
  env: Record<string, string | undefined>;
  pid: number;
  stop(): Promise<void>;
  output(): string;
}

export function ensureSystemPackages(): void;
export function isInstalled(): boolean;
export function ensureCodeServer(): string;
export function freePort(): Promise<number>;
export function isolatedEnv(dir: string): Record<string, string | undefined>;
/** Lists the unpacked extension in `folder` as installed in `extensionsDir` (a symlink + extensions.json). */
export function linkExtension(extensionsDir: string, folder: string): void;
export function startCodeServer(options?: {
  /** An unpacked extension folder to list as installed (the Extensions view shows it). */
  installExtension?: string;
  folder?: string;
  /** Default: a free port. */
  port?: number;
  runName?: string;
  keep?: boolean;
  quiet?: boolean;
  log?: (msg: string) => void;
}): Promise<CodeServer>;
export function launchChromium(dir: string): Promise<Browser>;
export function workbenchUrl(
  server: CodeServer,
  options?: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string; file?: string },
): string;
