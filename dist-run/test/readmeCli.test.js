/**
 * The README's CLI section documents exactly the flags the command line
 * accepts: its flag table is compared with the parsers' options
 * (src/cli/commandList.ts), its usage lines may use no other flag, and each
 * command's --help names all of its flags. Adding, renaming or removing a
 * flag without the documentation fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { commands, flagsOf, HELP_FLAGS, VERSION_FLAGS } from '../src/cli/commandList.js';
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** The text of the `## CLI` section. */
function cliSection() {
    const start = README.indexOf('\n## CLI\n');
    assert.ok(start >= 0, 'README.md has a "## CLI" section');
    const end = README.indexOf('\n## ', start + 1);
    return README.slice(start, end < 0 ? undefined : end);
}
/** The flags in a piece of text: `-x` or `--name` (a lone `--` is no flag). */
function flagsIn(text) {
    return [...text.matchAll(/(?<![\w-])(--?[a-z][a-z-]*)/g)].map((m) => m[1]);
}
/**
 * The flag table: rows `` | `mmlog cat` | `--from POS`, … | … ``. `mmlog` alone is
 * the command line without a command; `mmlog COMMAND` stands for every command.
 */
function tableFlags() {
    const table = new Map();
    for (const row of cliSection().matchAll(/^\|\s*`mmlog(?: ([A-Za-z]+))?`\s*\|([^|]*)\|/gm)) {
        const command = row[1] ?? '';
        const flags = [...row[2].matchAll(/`([^`]+)`/g)].flatMap((cell) => flagsIn(cell[1]).slice(0, 1));
        assert.ok(flags.length > 0, `a row of ${command || 'mmlog'} names no flag: ${row[0]}`);
        const set = table.get(command) ?? new Set();
        for (const flag of flags)
            set.add(flag);
        table.set(command, set);
    }
    return table;
}
const sorted = (flags) => [...new Set(flags)].sort();
test('the README flag table lists exactly the flags each command parser accepts', () => {
    const table = tableFlags();
    const names = commands.map((c) => c.name);
    for (const command of table.keys()) {
        assert.ok(command === '' || command === 'COMMAND' || names.includes(command), `README lists no command '${command}'`);
    }
    assert.deepEqual(sorted(table.get('') ?? []), sorted([...HELP_FLAGS, ...VERSION_FLAGS]), 'mmlog (no command)');
    const everyCommand = table.get('COMMAND') ?? new Set();
    for (const command of commands) {
        const documented = [...(table.get(command.name) ?? []), ...everyCommand];
        assert.deepEqual(sorted(documented), sorted(flagsOf(command)), `mmlog ${command.name}`);
    }
});
test('the README usage lines use only flags their command accepts, and show every command', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(cliSection());
    assert.ok(block, 'the CLI section starts with a usage block');
    const shown = new Set();
    for (const line of block[1].split('\n')) {
        const usage = /^mmlog ([a-z]+) PATH(.*?)(?:#|$)/.exec(line);
        if (usage === null)
            continue;
        const command = commands.find((c) => c.name === usage[1]);
        assert.ok(command, `usage line of an unknown command: ${line}`);
        shown.add(command.name);
        const accepted = flagsOf(command);
        for (const flag of flagsIn(usage[2]))
            assert.ok(accepted.includes(flag), `mmlog ${command.name} takes no ${flag}`);
    }
    assert.deepEqual(sorted(shown), sorted(commands.map((c) => c.name)));
});
test("each command's --help names every flag it accepts", () => {
    for (const command of commands) {
        const help = new Set(flagsIn(command.help));
        for (const flag of flagsOf(command))
            assert.ok(help.has(flag), `mmlog ${command.name} --help does not name ${flag}`);
    }
});
//# sourceMappingURL=readmeCli.test.js.map