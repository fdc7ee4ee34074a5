/** The extension's translations as vscode.l10n.bundle gives them (message → translation, or
 *  { message, comment }), validated wherever they cross into a page or a notebook output, which
 *  hand them to @vscode/l10n. */
import * as z from 'zod/mini';

export const TRANSLATIONS = z.record(z.string(), z.union([z.string(), z.object({ message: z.string(), comment: z.array(z.string()) })]));
export type Translations = z.output<typeof TRANSLATIONS>;
