/**
 * Clock and environment are injected so that the core stays pure and output is reproducible
 * (house style §5). Only the CLI builds a Runtime from the real process.
 */
import { InputError } from './errors.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface Clock {
  now(): Date;
}

/**
 * The build time, honouring SOURCE_DATE_EPOCH (reproducible-builds.org/specs/source-date-epoch:
 * an integer number of seconds since the Unix epoch; anything else is an error, not ignored).
 */
const lastFourDigitYearSecond = 253_402_300_799;

export function systemClock(environment: Environment): Clock {
  const epoch = environment.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return { now: () => new Date() };
  if (!/^\d+$/.test(epoch)) {
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file: 'SOURCE_DATE_EPOCH',
      message: `not a whole number of seconds: ${JSON.stringify(epoch)}`,
    });
  }
  // Timestamps are written as RFC 3339 / ISO 8601, whose years have four digits: 9999-12-31T23:59:59Z is the
  // last second they can say (a later Date prints as +010000-… or is invalid).
  const seconds = Number(epoch);
  if (seconds > lastFourDigitYearSecond) {
    throw new InputError({
      code: 'INPUT_MALFORMED',
      file: 'SOURCE_DATE_EPOCH',
      message: `${epoch} is after 9999-12-31T23:59:59Z, the last time a timestamp can state`,
    });
  }
  const fixed = new Date(seconds * 1000);
  return { now: () => new Date(fixed) };
}

export function fixedClock(date: Date): Clock {
  return { now: () => new Date(date) };
}
