import { z } from 'zod';

export const DropboxOutput = z.object({
  address: z
    .string()
    .describe('Your private address: BCC it on mail to contacts, or forward mail to it, to log that mail'),
});
export type DropboxOutput = z.infer<typeof DropboxOutput>;

/** The signed-in user's dropbox address on GET /api/auth/me; null for a viewer, who cannot log mail. */
export const DropboxAddressField = z
  .string()
  .nullable()
  .describe(
    'Your private dropbox address (BCC or forward mail to it to log it), or null for a viewer, who cannot log mail',
  );
