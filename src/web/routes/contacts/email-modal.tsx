import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { messageOf } from '../../api/client';
import { useMailboxes, useSendEmail } from '../../api/mailboxes';
import { useTemplates } from '../../api/templates';

/** Writes one email to a contact, from one of the user's sending mailboxes, as written or from a template. */
export function EmailModal({
  contact,
  onClose,
}: {
  contact: { id: string; name: string; doNotContact: boolean } | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={contact !== null}
      onClose={onClose}
      title={contact ? `Email ${contact.name}` : ''}
      size="lg"
    >
      {contact && <EmailForm contact={contact} onDone={onClose} />}
    </Modal>
  );
}

function EmailForm({
  contact,
  onDone,
}: {
  contact: { id: string; doNotContact: boolean };
  onDone: () => void;
}) {
  const mailboxes = useMailboxes();
  const templates = useTemplates();
  const send = useSendEmail();
  const senders = (mailboxes.data ?? []).filter((m) => m.smtp !== null);
  const [mailboxId, setMailboxId] = useState<string>('');
  const [templateId, setTemplateId] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const chosen = mailboxId || senders[0]?.id || '';
  if (mailboxes.isSuccess && senders.length === 0) {
    return (
      <Text size="sm">
        None of your mailboxes sends mail yet. Turn on sending for one in{' '}
        <Link to="/settings/capture">Mail &amp; calendar</Link>.
      </Text>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const content = templateId ? { templateId } : { subject, body };
    send.mutate(
      { contactId: contact.id, mailboxId: chosen, ...content },
      {
        onSuccess: (queued) => {
          notifications.show({
            title: `Sending to ${queued.to}`,
            message: 'It goes out in a moment; the Outbox shows when.',
          });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {contact.doNotContact && (
          <Alert color="orange" variant="light">
            This contact is marked do not contact: Kith will not send to them.
          </Alert>
        )}
        <NativeSelect
          label="From"
          value={chosen}
          onChange={(e) => setMailboxId(e.currentTarget.value)}
          data={senders.map((m) => ({
            value: m.id,
            label: m.label ? `${m.label} · ${m.address}` : m.address,
          }))}
        />
        <NativeSelect
          label="Template"
          value={templateId}
          onChange={(e) => setTemplateId(e.currentTarget.value)}
          data={[
            { value: '', label: 'None: write it here' },
            ...(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name })),
          ]}
        />
        {!templateId && (
          <>
            <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
            <Textarea
              label="Message"
              description='Merge fields work here too, such as {{contact.firstName | "there"}}'
              autosize
              minRows={6}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
          </>
        )}
        {send.error ? (
          <Alert color="red" variant="light" role="alert">
            {messageOf(send.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={send.isPending}
            disabled={!templateId && (!subject.trim() || !body.trim())}
          >
            Send
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
