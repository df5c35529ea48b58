/**
 * Test entry for the fees commands: builds a program shaped like the real `pos-station` one
 * (version flag, exitOverride) with only the fees commands registered, and runs argv.
 * FEES_CLI_NOW (ISO-8601) pins "now" so schedule status does not drift with the calendar.
 * Used by cli-fees.test.ts in a child process.
 */
import { Command } from 'commander';
import { runProgram } from '../../../electron/cli/run-program';
import { registerFeesCommands } from '../../../electron/cli/fees';
import { parseShanghaiTime } from '../../../electron/services/calendar/shanghai-time';
import { createFeesService } from '../../../electron/services/fees/service';

const pinned = process.env.FEES_CLI_NOW;
const now = pinned === undefined ? Date.now : () => parseShanghaiTime(pinned);

const program = new Command('pos-station').version('0.0.0-test');
program.exitOverride();
registerFeesCommands(program, {
  createService: (scheduleDir) =>
    createFeesService({ now, ...(scheduleDir !== undefined ? { scheduleDir } : {}) }),
});
runProgram(program);
