/** The data formats by name. @module */
import type { FormatName } from '../layout/control.js';
import { framedFormat } from './framed.js';
import { rawFormat } from './raw.js';
import type { RecordFormat } from './recordFormat.js';

const FORMATS: Record<FormatName, RecordFormat> = { raw: rawFormat, framed: framedFormat };

export function formatByName(name: FormatName): RecordFormat {
  return FORMATS[name];
}
