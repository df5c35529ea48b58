import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * Why a password is too easy to guess, in our words (each has a zh-CN and an English sentence in
 * the UI, `errors.account_weak_password_<why>`). zxcvbn's warnings, grouped as an operator
 * would understand them.
 */
export type GuessableWhy =
  'common' | 'repeated' | 'sequence' | 'keyboard' | 'dates' | 'words' | 'personal' | 'guessable';

const WHY_OF_WARNING: Readonly<Record<string, GuessableWhy>> = {
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  pwned: 'common',
  simpleRepeat: 'repeated',
  extendedRepeat: 'repeated',
  sequences: 'sequence',
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  recentYears: 'dates',
  dates: 'dates',
  wordByItself: 'words',
  namesByThemselves: 'words',
  commonNames: 'words',
  userInputs: 'personal',
};

/**
 * zxcvbn score 3: "safely unguessable" against an online attack and a slowed offline one (our
 * hashes are scrypt). 4 would refuse many good passphrases people can type at a counter.
 */
export const MIN_STRENGTH_SCORE = 3;

/** Words of this product an attacker tries first, beside the user's own name. */
const STATION_WORDS = ['pos', 'station', 'posstation', 'terminal', 'warehouse', 'admin'];

let factory: ZxcvbnFactory | null = null;

/**
 * Built on first use (the dictionaries take about a second to rank). Levenshtein matching is
 * off: it costs seconds per check, and the l33t, reversed and dictionary matchers already catch
 * the variants people type.
 */
function strength(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    useLevenshteinDistance: false,
  });
  return factory;
}

/** null when strong enough; otherwise why it is guessable. */
export function guessability(password: string, personal: readonly string[]): GuessableWhy | null {
  const result = strength().check(password, [...personal.filter((p) => p.trim() !== ''), ...STATION_WORDS]);
  if (result.score >= MIN_STRENGTH_SCORE) return null;
  const warning = result.feedback.warning;
  return (warning !== null ? WHY_OF_WARNING[warning] : undefined) ?? 'guessable';
}
