import {
  Alert,
  Button,
  Group,
  Menu,
  NavLink,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBraces, IconPlus, IconTemplate } from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { TemplateInput as TemplateSchema } from '../../../shared/template-input.ts';
import {
  type MergeFieldInfo,
  type Template,
  useDeleteTemplate,
  useSaveTemplate,
  useTemplates,
} from '../../api/templates';
import { ConfirmModal } from '../../components/confirm-modal';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { useFormProblems } from '../../lib/use-form-problems';
import { TemplatePreview } from './template-preview';

/** Settings > Templates: the team's email templates, edited with a live preview against a real contact. */
export const templatesLazyRoute = createLazyRoute('/app/settings/templates')({ component: TemplatesPage });

const LABELS = { name: 'Name', subject: 'Subject', body: 'Body' };

function TemplatesPage() {
  const list = useTemplates();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const items = list.data?.items ?? [];
  const current = editing === 'new' ? null : (editing ?? items[0] ?? null);
  const isNew = editing === 'new' || (list.isSuccess && items.length === 0);
  return (
    <Stack maw={1200} mx="auto" gap="lg">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Templates
          </Title>
          <Text c="dimmed" size="sm" maw={640}>
            Emails your team sends again and again, with merge fields. A field with no value for a contact and
            no fallback is never sent blank: the preview shows it, and sending refuses it.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          New template
        </Button>
      </Group>
      {list.isPending ? (
        <ListSkeleton label="Loading templates" rows={3} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Group align="flex-start" gap="lg" wrap="wrap">
          <Stack component="nav" aria-label="Templates" gap={2} w={{ base: '100%', sm: 240 }}>
            {items.length === 0 ? (
              <EmptyState title="No templates yet" icon={<IconTemplate size={28} />}>
                Write your first follow-up on the right.
              </EmptyState>
            ) : (
              items.map((t) => (
                <NavLink
                  key={t.id}
                  label={t.name}
                  description={t.subject}
                  active={!isNew && current?.id === t.id}
                  onClick={() => setEditing(t)}
                />
              ))
            )}
          </Stack>
          <div style={{ flex: '1 1 480px', minWidth: 0 }}>
            <TemplateEditor
              key={isNew ? 'new' : (current?.id ?? 'none')}
              template={isNew ? null : current}
              fields={list.data.fields}
              onSaved={setEditing}
              onDeleted={() => setEditing(null)}
            />
          </div>
        </Group>
      )}
    </Stack>
  );
}

function TemplateEditor(props: {
  template: Template | null;
  fields: MergeFieldInfo[];
  onSaved: (t: Template) => void;
  onDeleted: () => void;
}) {
  const { template } = props;
  const [name, setName] = useState(template?.name ?? '');
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [focused, setFocused] = useState<'subject' | 'body'>('body');
  const [deleting, setDeleting] = useState(false);
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const save = useSaveTemplate();
  const remove = useDeleteTemplate();
  const value = { name, subject, body };
  const form = useFormProblems({ schema: TemplateSchema, value, labels: LABELS, error: save.error });

  /** Puts a field's tag where the cursor was, in the subject or the body. */
  const insert = (field: string) => {
    const tag = `{{${field}}}`;
    const el = focused === 'subject' ? subjectRef.current : bodyRef.current;
    const text = focused === 'subject' ? subject : body;
    const at = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? at;
    const next = text.slice(0, at) + tag + text.slice(end);
    if (focused === 'subject') setSubject(next);
    else setBody(next);
    form.touch(focused);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + tag.length, at + tag.length);
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    save.mutate(
      { id: template?.id, ...value },
      {
        onSuccess: (saved) => {
          notifications.show({ title: `Saved ${saved.name}`, message: '' });
          props.onSaved(saved);
        },
      },
    );
  };

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <Paper withBorder p="md" radius="md">
        <form onSubmit={submit} noValidate aria-label="Template">
          <Stack gap="sm">
            <TextInput
              label="Name"
              placeholder="Follow-up after a first call"
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                form.touch('name');
              }}
              error={form.msg('name')}
              data-field="name"
            />
            <TextInput
              ref={subjectRef}
              label="Subject"
              placeholder='Quick question, {{contact.firstName | "there"}}'
              value={subject}
              onFocus={() => setFocused('subject')}
              onChange={(e) => {
                setSubject(e.currentTarget.value);
                form.touch('subject');
              }}
              error={form.msg('subject')}
              data-field="subject"
            />
            <Textarea
              ref={bodyRef}
              label="Body"
              description='Plain text. {{field}} merges a value; {{field | "text"}} says "text" when there is none.'
              autosize
              minRows={8}
              value={body}
              onFocus={() => setFocused('body')}
              onChange={(e) => {
                setBody(e.currentTarget.value);
                form.touch('body');
              }}
              error={form.msg('body')}
              data-field="body"
            />
            {form.unplaced && (
              <Alert color="red" variant="light" role="alert">
                {form.unplaced}
              </Alert>
            )}
            <Group justify="space-between">
              <Menu position="bottom-start" withinPortal>
                <Menu.Target>
                  <Button variant="default" leftSection={<IconBraces size={16} />}>
                    Insert field
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {props.fields.map((f) => (
                    <Menu.Item key={f.name} onClick={() => insert(f.name)}>
                      <Text size="sm" ff="monospace">{`{{${f.name}}}`}</Text>
                      <Text size="xs" c="dimmed">
                        {f.description}
                      </Text>
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
              <Group gap="xs">
                {template && (
                  <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                    Delete
                  </Button>
                )}
                <Button type="submit" loading={save.isPending}>
                  {template ? 'Save' : 'Create template'}
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      </Paper>
      <TemplatePreview subject={subject} body={body} />
      <ConfirmModal
        opened={deleting}
        title={`Delete ${template?.name ?? 'this template'}?`}
        confirmLabel="Delete"
        isPending={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          template &&
          remove.mutate(template.id, {
            onSuccess: () => {
              notifications.show({ title: `Deleted ${template.name}`, message: '' });
              setDeleting(false);
              props.onDeleted();
            },
          })
        }
      >
        <Text size="sm">Emails already sent with it stay as they were.</Text>
      </ConfirmModal>
    </SimpleGrid>
  );
}
