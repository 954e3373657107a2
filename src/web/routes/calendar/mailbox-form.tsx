import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { MailboxPatchInput, MailboxInput as MailboxSchema } from '../../../shared/mailbox-input.ts';
import {
  type Mailbox,
  type MailboxInput,
  type MailboxPatch,
  useConnectMailbox,
  useUpdateMailbox,
} from '../../api/mailboxes';
import { useFormProblems } from '../../lib/use-form-problems';
import { SendingFields, sendingDraftOf } from './sending-fields';

/** Each field's name in messages, in the order of the form. */
const LABELS = {
  'imap.username': 'Email or username',
  'imap.password': 'Password',
  'imap.host': 'IMAP server',
  'imap.port': 'Port',
  'imap.tls': 'Security',
  'smtp.host': 'SMTP server',
  'smtp.port': 'SMTP port',
  'smtp.tls': 'SMTP security',
  'smtp.username': 'SMTP username',
  'smtp.password': 'SMTP password',
  dailyLimit: 'Emails a day',
  hourlyLimit: 'Emails an hour',
  address: 'Your address',
  label: 'Name',
  ignore: 'Never log',
};

const TLS = [
  { value: 'implicit', label: 'SSL/TLS (usually port 993)', port: 993 },
  { value: 'starttls', label: 'STARTTLS (usually port 143)', port: 143 },
  { value: 'none', label: 'None: only on a network you trust', port: 143 },
] as const;
type Tls = (typeof TLS)[number]['value'];

const lines = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Connects a mailbox (mailbox = null) or edits one. The server logs in before it saves either. */
export function MailboxFormModal({
  opened,
  mailbox,
  onClose,
}: {
  opened: boolean;
  mailbox: Mailbox | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={mailbox ? `Edit ${mailbox.label ?? mailbox.address}` : 'Connect a mailbox'}
      size="lg"
    >
      {opened && <MailboxForm key={mailbox?.id ?? 'new'} mailbox={mailbox} onDone={onClose} />}
    </Modal>
  );
}

function MailboxForm({ mailbox, onDone }: { mailbox: Mailbox | null; onDone: () => void }) {
  const [username, setUsername] = useState(mailbox?.imap?.username ?? '');
  const [password, setPassword] = useState('');
  const [host, setHost] = useState(mailbox?.imap?.host ?? '');
  const [port, setPort] = useState(String(mailbox?.imap?.port ?? 993));
  const [tls, setTls] = useState<Tls>(mailbox?.imap?.tls ?? 'implicit');
  const [address, setAddress] = useState(mailbox?.address ?? '');
  const [label, setLabel] = useState(mailbox?.label ?? '');
  const [ignore, setIgnore] = useState((mailbox?.ignore ?? []).join('\n'));
  const [sends, setSends] = useState(mailbox ? mailbox.smtp !== null : false);
  const [sending, setSending] = useState(() => sendingDraftOf(mailbox));
  const connect = useConnectMailbox();
  const update = useUpdateMailbox();
  const mutation = mailbox ? update : connect;
  // The server's usual name, from the address's domain, until one is typed.
  const domain = username.includes('@') ? username.slice(username.indexOf('@') + 1) : '';
  const shownHost = host || (mailbox ? '' : domain ? `imap.${domain}` : '');
  const shownSmtpHost = sending.host || (domain ? `smtp.${domain}` : '');
  const smtp = sends
    ? {
        host: shownSmtpHost,
        port: Number(sending.port),
        tls: sending.tls,
        ...(sending.sameLogin ? { username, ...(password ? { password } : {}) } : {}),
      }
    : undefined;

  const create: MailboxInput = {
    label: label.trim() || undefined,
    address: address.trim() || undefined,
    imap: { host: shownHost, port: Number(port), tls, username, password },
    smtp,
    dailyLimit: Number(sending.daily),
    hourlyLimit: Number(sending.hourly),
    ignore: lines(ignore),
  };
  const changed = mailbox
    ? {
        host: shownHost !== mailbox.imap?.host ? shownHost : undefined,
        port: Number(port) !== mailbox.imap?.port ? Number(port) : undefined,
        tls: tls !== mailbox.imap?.tls ? tls : undefined,
        username: username !== mailbox.imap?.username ? username : undefined,
        password: password || undefined,
      }
    : null;
  const patch: MailboxPatch = {
    label: label.trim() || null,
    address: address.trim() && address.trim() !== mailbox?.address ? address.trim() : undefined,
    imap: changed && Object.values(changed).some((v) => v !== undefined) ? changed : undefined,
    smtp: sends
      ? {
          ...smtp,
          username: sending.sameLogin ? username : null,
          password: sending.sameLogin ? password || undefined : null,
        }
      : mailbox?.smtp
        ? null
        : undefined,
    dailyLimit: Number(sending.daily),
    hourlyLimit: Number(sending.hourly),
    ignore: lines(ignore),
  };
  const form = useFormProblems({
    schema: mailbox ? MailboxPatchInput : MailboxSchema,
    value: mailbox ? patch : create,
    labels: LABELS,
    error: mutation.error,
  });
  const edit = (field: keyof typeof LABELS, setter: (v: string) => void) => (v: string) => {
    setter(v);
    form.touch(field);
  };
  const chooseTls = (value: string) => {
    const next = TLS.find((t) => t.value === value) ?? TLS[0];
    setTls(next.value);
    if (port === String(TLS.find((t) => t.value === tls)?.port)) setPort(String(next.port));
    form.touch('imap.tls');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    const done = (saved: Mailbox) => {
      notifications.show({
        title: mailbox ? 'Mailbox saved' : `Connected ${saved.address}`,
        message: mailbox ? '' : 'Its first sync has started; counts appear here as it goes.',
      });
      onDone();
    };
    if (mailbox) update.mutate({ id: mailbox.id, ...patch }, { onSuccess: done });
    else connect.mutate(create, { onSuccess: done });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Kith signs in to check these settings before it saves them. The password is stored encrypted and is
          never shown again. Many providers want an app password here rather than your usual one.
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput
            label="Email or username"
            placeholder="you@example.com"
            autoComplete="username"
            value={username}
            onChange={(e) => edit('imap.username', setUsername)(e.currentTarget.value)}
            error={form.msg('imap.username')}
            data-field="imap.username"
            data-autofocus
          />
          <PasswordInput
            label="Password"
            placeholder={mailbox ? 'Leave empty to keep it' : undefined}
            autoComplete="current-password"
            value={password}
            onChange={(e) => edit('imap.password', setPassword)(e.currentTarget.value)}
            error={form.msg('imap.password')}
            data-field="imap.password"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
          <TextInput
            label="IMAP server"
            placeholder="imap.example.com"
            value={shownHost}
            onChange={(e) => edit('imap.host', setHost)(e.currentTarget.value)}
            error={form.msg('imap.host')}
            data-field="imap.host"
          />
          <TextInput
            label="Port"
            inputMode="numeric"
            value={port}
            onChange={(e) => edit('imap.port', setPort)(e.currentTarget.value.replace(/\D/g, ''))}
            error={form.msg('imap.port')}
            data-field="imap.port"
          />
          <NativeSelect
            label="Security"
            value={tls}
            onChange={(e) => chooseTls(e.currentTarget.value)}
            data={TLS.map((t) => ({ value: t.value, label: t.label }))}
            error={form.msg('imap.tls')}
            data-field="imap.tls"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput
            label="Your address"
            description="Mail from it is logged as sent by you"
            placeholder={username.includes('@') ? username : 'you@example.com'}
            value={address}
            onChange={(e) => edit('address', setAddress)(e.currentTarget.value)}
            error={form.msg('address')}
            data-field="address"
          />
          <TextInput
            label="Name"
            description="Optional, such as Work"
            value={label}
            onChange={(e) => edit('label', setLabel)(e.currentTarget.value)}
            error={form.msg('label')}
            data-field="label"
          />
        </SimpleGrid>
        <Switch
          label="Also send email from this mailbox (SMTP)"
          description="For templates and follow-up sequences. Kith checks the server before it saves."
          checked={sends}
          onChange={(e) => setSends(e.currentTarget.checked)}
        />
        {sends && (
          <SendingFields
            draft={sending}
            shownHost={shownSmtpHost}
            form={form}
            onChange={(patch, field) => {
              setSending((d) => ({ ...d, ...patch }));
              if (field) form.touch(field);
            }}
          />
        )}
        <Textarea
          label="Never log"
          description="Addresses or domains, one per line: their mail is never logged or suggested"
          placeholder={'newsletter@example.com\nexample.org'}
          autosize
          minRows={2}
          maxRows={6}
          value={ignore}
          onChange={(e) => edit('ignore', setIgnore)(e.currentTarget.value)}
          error={form.msg('ignore')}
          data-field="ignore"
        />
        {form.unplaced && (
          <Alert color="red" variant="light" role="alert">
            {form.unplaced}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {mutation.isPending ? 'Signing in…' : mailbox ? 'Check and save' : 'Check and connect'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
