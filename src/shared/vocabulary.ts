/**
 * The words the server and the web app share: stages, kinds, channels, roles, and the range of dates the API
 * accepts. Both import them from here, so a new stage or kind is added once. Pure constants: this module is
 * in the web app's initial bundle.
 */

/** A contact's lifecycle stage. */
export const STAGES = [
  'lead',
  'qualified',
  'opportunity',
  'customer',
  'advocate',
  'dormant',
  'lost',
] as const;
export type Stage = (typeof STAGES)[number];

/** Why a contact is due: an open next step, its cadence, or never having been contacted. */
export const DUE_REASONS = ['next_step', 'cadence', 'never_contacted'] as const;
export type DueReason = (typeof DUE_REASONS)[number];

/** How a tier prefers to reach its contacts; newsletter tiers are reached by campaigns only. */
export const CHANNELS = ['call', 'email', 'meeting', 'any', 'newsletter'] as const;
export type Channel = (typeof CHANNELS)[number];

export const INTERACTION_KINDS = ['call', 'meeting', 'email', 'message', 'letter', 'note'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Where an interaction came from: typed in, the API, or a capture (import, mailbox sync, dropbox, calendar, sequence). */
export const SOURCES = ['manual', 'api', 'import', 'sync', 'dropbox', 'calendar', 'sequence'] as const;
export type Source = (typeof SOURCES)[number];

/**
 * What an interaction counts as (interactions/touch-rule.ts decides): a touch resets the contact's cadence;
 * an attempt (an outbound try that did not connect) counts toward persistence only; a note, an auto-reply,
 * bulk mail and mail between teammates are kept on the timeline and move nothing.
 */
export const TOUCH_CLASSES = ['touch', 'attempt', 'note', 'auto_reply', 'bulk', 'internal'] as const;
export type TouchClass = (typeof TOUCH_CLASSES)[number];

/** How a call went; any but `connected` makes it an attempt, which does not reset the cadence. */
export const CALL_OUTCOMES = ['connected', 'voicemail', 'no_answer', 'wrong_number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** A user's role in a workspace, most rights first (docs/permissions.md). */
/** The columns the contact list sorts by. */
export const CONTACT_SORTS = ['name', 'company', 'tier', 'lastTouch', 'nextDue', 'owner'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/**
 * The contact list's due filters: overdue, due within the next 7 days (today included), snoozed, and no
 * plan (no open next step).
 */
export const DUE_FILTERS = ['overdue', 'week', 'snoozed', 'noPlan'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What an API token may do: read only, or whatever its user can. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * The days the API accepts, for dates and date-times alike: every date worked out from one stays well inside
 * what PostgreSQL and JavaScript both read and write, and a typo such as 0226 for 2026 is refused.
 */
export const FIRST_DAY = '1000-01-01';
export const LAST_DAY = '2999-12-31';
