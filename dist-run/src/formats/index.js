import { framedFormat } from './framed.js';
import { rawFormat } from './raw.js';
const FORMATS = { raw: rawFormat, framed: framedFormat };
export function formatByName(name) {
    return FORMATS[name];
}
//# sourceMappingURL=index.js.map