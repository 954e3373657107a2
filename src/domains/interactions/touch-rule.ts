import type { CallOutcome, Direction, InteractionKind, TouchClass } from './schema.ts';

/**
 * What a captured message says about itself (its headers, as mailbox sync and the dropbox read them), and
 * whether everyone on it is a teammate. The API takes the same signals, so an integrator logging mail gets
 * the same rule.
 */
export type TouchSignals = {
  /** RFC 3834 `Auto-Submitted`: anything but `no` is an automatic message (an out-of-office, a receipt). */
  autoSubmitted?: string | null;
  /** `Precedence`: `bulk`, `list` and `junk` mark mass mail. */
  precedence?: string | null;
  /** RFC 2919 `List-Id`: the message came through a mailing list. */
  listId?: string | null;
  /** `List-Unsubscribe` on mail from someone who is not a contact: a newsletter, not a conversation. */
  unsubscribeFromStranger?: boolean;
  /** Every address on it belongs to the workspace's users: mail between teammates. */
  internal?: boolean;
};

const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk']);

/**
 * THE rule of what counts as a touch, in one place (docs/due-engine.md, "What counts as a touch"). Only a
 * `touch` resets the contact's cadence; everything else is kept on the timeline. Every writer of interactions
 * goes through recordTouches, which classifies each item here.
 */
export function classifyTouch(item: {
  kind: InteractionKind;
  direction: Direction;
  signals?: TouchSignals;
  outcome?: CallOutcome | null;
}): TouchClass {
  if (item.kind === 'note') return 'note';
  // A voicemail, no answer or a wrong number: the seller tried, which persistence counts, but nobody talked.
  if (item.kind === 'call' && item.outcome && item.outcome !== 'connected') return 'attempt';
  const signals = item.signals ?? {};
  if (signals.internal) return 'internal';
  const auto = signals.autoSubmitted?.trim().toLowerCase();
  if (auto && auto !== 'no') return 'auto_reply';
  const precedence = signals.precedence?.trim().toLowerCase();
  if ((precedence && BULK_PRECEDENCE.has(precedence)) || signals.listId?.trim()) return 'bulk';
  if (signals.unsubscribeFromStranger) return 'bulk';
  return 'touch';
}

/**
 * The class after an edit of the kind or the call's outcome: a note becomes a touch and back, a call's
 * outcome makes it an attempt or a touch; otherwise the class (an auto-reply, bulk, internal) stays.
 */
export function reclassify(
  current: TouchClass,
  edit: { kind: InteractionKind; outcome: CallOutcome | null },
): TouchClass {
  if (edit.kind === 'note') return 'note';
  if (edit.kind === 'call' && edit.outcome && edit.outcome !== 'connected') return 'attempt';
  return current === 'note' || current === 'attempt' ? 'touch' : current;
}

/** Whether an interaction of this class resets its contacts' cadence (and so is `is_touch` for the due engine). */
export function resetsCadence(touchClass: TouchClass): boolean {
  return touchClass === 'touch';
}
