import { Alert, Badge, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import { usePreview } from '../../api/templates';
import { ContactPicker } from '../../components/contact-picker';
import type { PickedContact } from '../../components/quick-log-context';

/** The text being edited as a picked contact would receive it, and the fields it would have no value for. */
export function TemplatePreview({ subject, body }: { subject: string; body: string }) {
  const [contact, setContact] = useState<PickedContact[]>([]);
  const [debounced] = useDebouncedValue({ subject, body }, 300);
  const preview = usePreview({ contactId: contact.at(-1)?.id ?? null, ...debounced });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Preview">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Preview
        </Title>
        <ContactPicker
          label="As sent to"
          isRequired={false}
          value={contact}
          onChange={(picked) => setContact(picked.slice(-1))}
        />
        {contact.length === 0 ? (
          <Text size="sm" c="dimmed">
            Pick a contact to see the email as they would get it.
          </Text>
        ) : preview.isError ? (
          <Text size="sm" c="red.7" role="alert">
            {messageOf(preview.error)}
          </Text>
        ) : preview.data ? (
          <Stack gap={6} data-testid="template-preview">
            {preview.data.missing.length > 0 && (
              <Alert color="orange" variant="light" title="Would not be sent to this contact">
                No value for {preview.data.missing.map((f) => `{{${f}}}`).join(', ')}. Give it a fallback,
                such as {`{{${preview.data.missing[0]} | "there"}}`}, or fill it in on the contact.
              </Alert>
            )}
            <Text size="sm">
              <b>Subject:</b> {preview.data.subject}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {preview.data.body}
            </Text>
            {preview.isFetching && (
              <Badge variant="light" color="gray" tt="none" w="fit-content">
                Updating…
              </Badge>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Write a subject and a body to see them here.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
