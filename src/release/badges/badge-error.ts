import { VerishipError } from '../../errors.js';

export type BadgeErrorCode = 'BADGE_COLOR_INVALID' | 'BADGE_FACTS_INVALID';

/**
 * A badge asked for with a colour we do not know or with facts that cannot be true (negative counts,
 * more signed artifacts than artifacts): the caller passed bad input (exit 3), nothing failed a check.
 */
export class BadgeError extends VerishipError<BadgeErrorCode> {
  readonly category = 'invalid-input';
}
