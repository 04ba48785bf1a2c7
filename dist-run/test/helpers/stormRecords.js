/** Records of the SIGKILL storm: self-describing, so any reader can check one whole. */
import { prng } from './records.js';
/** The payload of record `seq` of writer `writer`: `w<writer>:<seq>:` then 0–300 filler bytes. */
export function stormPayload(writer, seq) {
    const next = prng(writer * 100_003 + seq);
    const length = Math.floor(next() * 300);
    const filler = String.fromCharCode(97 + ((writer + seq) % 26)).repeat(length);
    return `w${writer}:${seq}:${filler}`;
}
/** Parses and checks a storm payload; returns [writer, seq] or undefined if it is not intact. */
export function parseStormPayload(text) {
    const match = /^w(\d+):(\d+):/.exec(text);
    if (match === null)
        return undefined;
    const writer = Number(match[1]);
    const seq = Number(match[2]);
    return stormPayload(writer, seq) === text ? [writer, seq] : undefined;
}
//# sourceMappingURL=stormRecords.js.map