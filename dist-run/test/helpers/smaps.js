/** What /proc/self/smaps says about this process's mappings of one file. */
import { readFileSync } from 'node:fs';
/** Resident KiB of every mapping of `file` in this process, and how much of it is mapped as huge pages. */
export function mappingKiB(file) {
    let rss = 0;
    let pmdMapped = 0;
    let inside = false;
    for (const line of readFileSync('/proc/self/smaps', 'latin1').split('\n')) {
        if (/^[0-9a-f]+-[0-9a-f]+ /.test(line))
            inside = line.endsWith(` ${file}`);
        else if (inside && line.startsWith('Rss:'))
            rss += Number(line.split(/\s+/)[1]);
        else if (inside && line.startsWith('FilePmdMapped:'))
            pmdMapped += Number(line.split(/\s+/)[1]);
    }
    return { rss, pmdMapped };
}
//# sourceMappingURL=smaps.js.map