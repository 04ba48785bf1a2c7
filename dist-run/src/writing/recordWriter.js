import { FramedWriter } from './framedWriter.js';
import { RawWriter } from './rawWriter.js';
/** Strings up to this many characters are measured in JavaScript rather than by `Buffer.byteLength`. */
const SHORT_STRING = 16;
/**
 * The UTF-8 byte length of a string (lone surrogates count as U+FFFD, three
 * bytes, as `Buffer` writes them). A UTF-8 length equal to the string's
 * length means every character is ASCII, which the writers rely on.
 */
export function utf8Length(text) {
    const count = text.length;
    if (count <= SHORT_STRING) {
        let any = 0;
        for (let i = 0; i < count; i++)
            any |= text.charCodeAt(i);
        if (any < 0x80)
            return count;
    }
    return Buffer.byteLength(text, 'utf8');
}
/** The writer for the log with this identity. */
export function writerFor(identity) {
    return identity.format === 'framed' ? new FramedWriter(identity) : new RawWriter();
}
//# sourceMappingURL=recordWriter.js.map