import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScheduleFileError } from './errors';
import { compileSchedule, type CompiledSchedule } from './schedule';
import { ScheduleBook } from './schedule-book';
import { scheduleFileSchema } from './schedule-file';
import { DAY_MS } from '../calendar/shanghai-time';
import { givesNotice, NOTICE_DAYS } from './notice-rule';

export { NOTICE_DAYS };

/** Validates one schedule file's text; errors name the file and the field. */
export function parseScheduleFile(text: string, file: string): CompiledSchedule {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScheduleFileError(file, '(file)', `not valid JSON: ${(e as Error).message}`);
  }
  const parsed = scheduleFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined ? [] : issue.path.map(String);
    // An unknown key is reported on its parent object; name the key itself (often a typo).
    if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
    const field = path.length === 0 ? '(root)' : path.join('.');
    throw new ScheduleFileError(file, field, issue?.message ?? 'invalid');
  }
  const compiled = compileSchedule(parsed.data);
  if (!givesNotice(compiled.announcedAtMs, compiled.effectiveAtMs)) {
    const days = Math.floor((compiled.effectiveAtMs - compiled.announcedAtMs) / DAY_MS);
    throw new ScheduleFileError(
      file,
      'effectiveAt',
      `takes effect ${days} day(s) after it was announced; a schedule needs at least ${NOTICE_DAYS} days' notice`,
    );
  }
  return compiled;
}

/** Loads every *.json in the directory (in name order) into a ScheduleBook. */
export function loadScheduleDir(dir: string): ScheduleBook {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (e) {
    throw new ScheduleFileError(
      dir,
      '(directory)',
      `cannot read the fee-schedule directory: ${(e as Error).message}`,
    );
  }
  if (names.length === 0) throw new ScheduleFileError(dir, '(directory)', 'holds no *.json fee schedule');
  return bookFromFiles(
    names.map((name) => ({ file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') })),
  );
}

export function bookFromFiles(files: readonly { file: string; text: string }[]): ScheduleBook {
  const versions: CompiledSchedule[] = [];
  const fileOf = new Map<CompiledSchedule, string>();
  for (const { file, text } of files) {
    const version = parseScheduleFile(text, file);
    for (const other of versions) {
      if (other.id === version.id)
        throw new ScheduleFileError(file, 'id', `'${version.id}' is also the id of ${fileOf.get(other)}`);
      if (other.effectiveAtMs === version.effectiveAtMs) {
        throw new ScheduleFileError(
          file,
          'effectiveAt',
          `takes effect at the same instant as ${fileOf.get(other)}`,
        );
      }
    }
    versions.push(version);
    fileOf.set(version, file);
  }
  return new ScheduleBook(versions);
}
