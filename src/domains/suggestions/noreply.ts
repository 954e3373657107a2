/**
 * Addresses that are machines, not people: no-reply senders, bounce and notification robots. They are never
 * suggested as contacts, whatever they send.
 */
const MACHINE_LOCAL_PART =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|notifications?|notify|bounces?|auto[-_.]?(reply|confirm)|alerts?|newsletters?|news|updates|marketing|billing|invoices?|receipts?|security|daemon|root|webmaster|listserv|majordomo)([-_.+].*)?$/;

/** Whether an address is a machine's (see above), or contains a no-reply marker anywhere in its local part. */
export function isMachineAddress(address: string): boolean {
  const local = address.slice(0, address.indexOf('@')).toLowerCase();
  return MACHINE_LOCAL_PART.test(local) || /no[-_.]?reply|bounce/.test(local);
}

/** Whether an address or its domain is on an ignore list (`ada@example.com` or `example.com`). */
export function isIgnored(address: string, ignore: readonly string[]): boolean {
  return ignore.some((entry) => {
    const rule = entry.toLowerCase();
    return rule.includes('@')
      ? address === rule
      : address.endsWith(`@${rule}`) || address.endsWith(`.${rule}`);
  });
}
