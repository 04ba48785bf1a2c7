/** Strings up to this many characters are copied by a JavaScript loop, below the fixed cost of `Buffer#write`. */
const SHORT_COPY = 16;
export class RawWriter {
    frameSize(length) {
        return length;
    }
    write(store, pos, data, length) {
        const offset = pos - store.base;
        if (typeof data !== 'string') {
            store.u8.set(data, offset);
        }
        else if (length === data.length) {
            // As many bytes as characters: ASCII, whose Latin-1 copy is its UTF-8.
            if (length <= SHORT_COPY) {
                const u8 = store.u8;
                for (let i = 0; i < length; i++)
                    u8[offset + i] = data.charCodeAt(i);
            }
            else {
                store.buf.write(data, offset, length, 'latin1');
            }
        }
        else {
            store.buf.write(data, offset, length, 'utf8');
        }
    }
}
//# sourceMappingURL=rawWriter.js.map