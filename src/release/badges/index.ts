export { BADGE_COLORS, type BadgeColorName, resolveBadgeColor } from './badge-colors.js';
export { BadgeError, type BadgeErrorCode } from './badge-error.js';
export { type ReleaseBadge, type ReleaseBadgeFacts, releaseBadges } from './release-badges.js';
export { type BadgeOptions, renderBadge } from './render-badge.js';
export { verdana11pxWidth } from './verdana-11px-widths.js';
