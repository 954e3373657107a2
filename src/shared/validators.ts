import { z } from 'zod';

/** Zod pieces shared by every domain's validators. */
export const Id = z.uuid({ error: 'must be a UUID' });
export const IdParams = z.object({ id: Id });

export const IsoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

export const Limit = z.coerce.number().int().min(1).max(200).default(50);

/** A short single-line text such as a name or a title. */
export const ShortText = z.string().trim().min(1).max(200);
/** A longer free text such as a summary or a fact. */
export const LongText = z.string().trim().min(1).max(2000);
/** An interaction body or a note. */
export const Body = z.string().max(100_000);

export const ErrorOutput = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })),
  }),
});
