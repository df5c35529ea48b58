import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { calendarDateSchema } from '../contract/domain/kyc/application';
import { DEFECTS, generateBundle } from '../services/kyc/bundle/generator/generate-bundle';

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new InvalidArgumentError('--count must be a whole number 1–1,000,000.');
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError('--seed must be a whole number 0–4294967295.');
  return n;
}

function parseRate(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('--bad-rate must be between 0 and 1, e.g. 0.1.');
  return n;
}

function parseDate(value: string): string {
  if (!calendarDateSchema.safeParse(value).success)
    throw new InvalidArgumentError('--review-date must be a date YYYY-MM-DD.');
  return value;
}

interface GenerateFlags {
  count: number;
  out: string;
  seed?: number;
  badRate: number;
  reviewDate?: string;
  json: boolean;
}

/**
 * `pos-station kyc generate --count N --out DIR [--seed S] [--bad-rate p] [--review-date D]`:
 * a test bundle of realistic applications (docs/application-bundle.md). Joins an existing `kyc`
 * command if another module registered it first.
 */
export function registerKycGenerateCommand(program: Command): void {
  const kyc =
    program.commands.find((c) => c.name() === 'kyc') ??
    program.command('kyc').description('KYC review: applications, checks and test bundles');
  kyc
    .command('generate')
    .description(
      `Write a bundle of generated applications with documents; a share of them bad (${DEFECTS.join(', ')})`,
    )
    .requiredOption('--count <n>', 'number of applications', parseCount)
    .requiredOption('--out <dir>', 'new or empty directory for the bundle')
    .option('--seed <s>', 'seed for a reproducible bundle (default: from the clock, printed)', parseSeed)
    .option('--bad-rate <p>', 'share of deliberately bad applications, 0–1', parseRate, 0.1)
    .option(
      '--review-date <date>',
      'day the bundle is meant to be reviewed on (default: today, Asia/Shanghai)',
      parseDate,
    )
    .option('--json', 'print the summary as JSON', false)
    .action((flags: GenerateFlags) => {
      const bar =
        process.stderr.isTTY === true
          ? new SingleBar({
              format:
                'generating [{bar}] {percentage}% | {value}/{total} applications | {speed}/s | ETA {eta_formatted}',
              stream: process.stderr,
              hideCursor: true,
              clearOnComplete: true,
            })
          : undefined;
      const started = performance.now();
      bar?.start(flags.count, 0, { speed: 0 });
      try {
        const summary = generateBundle({
          count: flags.count,
          outDir: flags.out,
          badRate: flags.badRate,
          ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
          ...(flags.reviewDate !== undefined ? { reviewDate: flags.reviewDate } : {}),
          onProgress: (done) =>
            bar?.update(done, { speed: Math.round(done / ((performance.now() - started) / 1000)) }),
        });
        bar?.stop();
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(summary)}\n`);
          return;
        }
        const bad = Object.entries(summary.defects)
          .filter(([, n]) => n > 0)
          .map(([defect, n]) => `${defect} ${n}`)
          .join(', ');
        process.stdout.write(
          `${summary.applications} applications, ${summary.documents} documents (${(summary.bytes / 1_048_576).toFixed(1)} MiB) in ${summary.outDir}\n` +
            `seed ${summary.seed}, review date ${summary.reviewDate}, ${(summary.elapsedMs / 1000).toFixed(1)} s\n` +
            `bad: ${bad === '' ? 'none' : bad}\n`,
        );
      } finally {
        bar?.stop();
      }
    });
}
