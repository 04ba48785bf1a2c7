import { type DocsResults } from './json.js';
/** Renders the chart for every Node version of `docs`. */
export declare function renderSvg(docs: DocsResults): string;
