import { z } from 'zod';

// Zod compiles object schemas with `new Function` unless told not to, and merely probing whether it may
// (even caught) reports a violation of the app's Content-Security-Policy, which allows no eval. This
// module must be the first that main.tsx imports: Zod reads the setting when each schema is built.
z.config({ jitless: true });
