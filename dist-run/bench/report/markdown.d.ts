import { type DocsResults } from './json.js';
/** Renders the whole document from every Node version's results. */
export declare function renderMarkdown(docs: DocsResults, existingPath: string): string;
export declare function writeMarkdown(docs: DocsResults, path: string): void;
