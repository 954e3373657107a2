import { Checkbox, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { Mailbox } from '../../api/mailboxes';
import type { FormProblems } from '../../lib/use-form-problems';

type Tls = 'implicit' | 'starttls' | 'none';

/** What the mailbox form holds about sending, as typed. */
export type SendingDraft = {
  host: string;
  port: string;
  tls: Tls;
  /** Sign in to SMTP with the IMAP username and password; else send without signing in. */
  sameLogin: boolean;
  daily: string;
  hourly: string;
};

export function sendingDraftOf(mailbox: Mailbox | null): SendingDraft {
  return {
    host: mailbox?.smtp?.host ?? '',
    port: String(mailbox?.smtp?.port ?? 587),
    tls: mailbox?.smtp?.tls ?? 'starttls',
    sameLogin: mailbox?.smtp ? mailbox.smtp.username !== null : true,
    daily: String(mailbox?.dailyLimit ?? 200),
    hourly: String(mailbox?.hourlyLimit ?? 50),
  };
}

const digits = (v: string) => v.replace(/\D/g, '');

/** The SMTP server, its security and login, and the send limits; `field` is the form key a change touches. */
export function SendingFields(props: {
  draft: SendingDraft;
  shownHost: string;
  form: FormProblems;
  onChange: (patch: Partial<SendingDraft>, field?: string) => void;
}) {
  const { draft, form, onChange } = props;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <TextInput
          label="SMTP server"
          placeholder="smtp.example.com"
          value={props.shownHost}
          onChange={(e) => onChange({ host: e.currentTarget.value }, 'smtp.host')}
          error={form.msg('smtp.host')}
          data-field="smtp.host"
        />
        <TextInput
          label="SMTP port"
          inputMode="numeric"
          value={draft.port}
          onChange={(e) => onChange({ port: digits(e.currentTarget.value) }, 'smtp.port')}
          error={form.msg('smtp.port')}
          data-field="smtp.port"
        />
        <NativeSelect
          label="SMTP security"
          value={draft.tls}
          onChange={(e) => onChange({ tls: e.currentTarget.value as Tls }, 'smtp.tls')}
          data={[
            { value: 'starttls', label: 'STARTTLS (usually port 587)' },
            { value: 'implicit', label: 'SSL/TLS (usually port 465)' },
            { value: 'none', label: 'None: only on a network you trust' },
          ]}
          error={form.msg('smtp.tls') ?? form.msg('smtp.password')}
          data-field="smtp.tls"
        />
      </SimpleGrid>
      <Checkbox
        label="Sign in with the same username and password (else send without signing in)"
        checked={draft.sameLogin}
        onChange={(e) => onChange({ sameLogin: e.currentTarget.checked })}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <TextInput
          label="Emails a day"
          description="At most, in any 24 hours: start low with a new address"
          inputMode="numeric"
          value={draft.daily}
          onChange={(e) => onChange({ daily: digits(e.currentTarget.value) }, 'dailyLimit')}
          error={form.msg('dailyLimit')}
          data-field="dailyLimit"
        />
        <TextInput
          label="Emails an hour"
          inputMode="numeric"
          value={draft.hourly}
          onChange={(e) => onChange({ hourly: digits(e.currentTarget.value) }, 'hourlyLimit')}
          error={form.msg('hourlyLimit')}
          data-field="hourlyLimit"
        />
      </SimpleGrid>
    </Stack>
  );
}
