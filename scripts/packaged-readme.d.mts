export const PACKAGED_README: string;
export function inlineImages(markdown: string, base: string): string;
export function writePackagedReadme(): void;
