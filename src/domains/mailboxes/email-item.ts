import type { TouchItem } from '../interactions/record-touches.ts';
import type { Source } from '../interactions/schema.ts';
import type { TouchSignals } from '../interactions/touch-rule.ts';

/** An email as the capture paths read it: enough to log it. */
export type CapturedEmail = {
  messageId: string;
  inReplyTo: string | null;
  direction: 'in' | 'out';
  occurredAt: Date;
  subject: string;
  snippet: string;
  signals: TouchSignals;
};

/** The touch an email is logged as: one `email` interaction, keyed by its Message-ID, with these contacts. */
export function emailTouch(email: CapturedEmail, contactIds: string[], source: Source = 'sync'): TouchItem {
  return {
    kind: 'email',
    direction: email.direction,
    occurredAt: email.occurredAt,
    summary: email.subject,
    body: email.snippet || null,
    source,
    externalId: email.messageId,
    messageId: email.messageId,
    inReplyTo: email.inReplyTo,
    contactIds,
    signals: email.signals,
  };
}
