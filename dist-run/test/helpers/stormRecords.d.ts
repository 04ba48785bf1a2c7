/** The payload of record `seq` of writer `writer`: `w<writer>:<seq>:` then 0–300 filler bytes. */
export declare function stormPayload(writer: number, seq: number): string;
/** Parses and checks a storm payload; returns [writer, seq] or undefined if it is not intact. */
export declare function parseStormPayload(text: string): [number, number] | undefined;
