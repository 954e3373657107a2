import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { messageOf } from '../../api/client';
import { type Sequence, type Step, useSaveSequence } from '../../api/sequences';
import { useTemplates } from '../../api/templates';

const CHANNELS = [
  { value: 'email', label: 'Email (a template)' },
  { value: 'call', label: 'Call (a next step)' },
  { value: 'task', label: 'Task (a next step)' },
];

const blankStep = (first: boolean): Step => ({ after: { days: first ? 0 : 3 }, channel: 'email' });

/** Names a sequence and edits its steps: each one's delay after the one before, channel, and template or action. */
export function SequenceEditor({
  sequence,
  onSaved,
}: {
  sequence: Sequence | null;
  onSaved: (s: Sequence) => void;
}) {
  const templates = useTemplates();
  const save = useSaveSequence();
  const [name, setName] = useState(sequence?.name ?? '');
  const [steps, setSteps] = useState<Step[]>(sequence?.steps ?? [blankStep(true)]);
  // A stable key per step row, so removing one keeps the others' inputs.
  const [keys, setKeys] = useState<number[]>(() => steps.map((_, i) => i));
  const addStep = () => {
    setSteps((all) => [...all, blankStep(false)]);
    setKeys((all) => [...all, Math.max(-1, ...all) + 1]);
  };
  const removeStep = (i: number) => {
    setSteps((all) => all.filter((_, j) => j !== i));
    setKeys((all) => all.filter((_, j) => j !== i));
  };
  const [companyReply, setCompanyReply] = useState(sequence?.stopOn.includes('company_reply') ?? false);
  const setStep = (i: number, change: Partial<Step>) =>
    setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const problem = !name.trim()
    ? 'Name the sequence'
    : steps.some((s) => s.channel === 'email' && !s.templateId)
      ? 'Choose a template for every email step'
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    save.mutate(
      { id: sequence?.id, name, steps, stopOn: companyReply ? ['company_reply'] : [] },
      {
        onSuccess: (saved) => {
          notifications.show({ title: `Saved ${saved.name}`, message: '' });
          onSaved(saved);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Sequence">
      <Stack gap="sm">
        <TextInput
          label="Name"
          placeholder="Five touches after a demo"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        {steps.map((step, i) => (
          <Paper key={keys[i]} component="section" withBorder p="sm" radius="md" aria-label={`Step ${i + 1}`}>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Text fw={600} size="sm" w={56}>
                Step {i + 1}
              </Text>
              <TextInput
                label={i === 0 ? 'Days after enrolment' : 'Days after the step before'}
                inputMode="numeric"
                w={170}
                value={String(step.after.days)}
                onChange={(e) =>
                  setStep(i, { after: { days: Number(e.currentTarget.value.replace(/\D/g, '') || 0) } })
                }
              />
              <NativeSelect
                label="Channel"
                w={190}
                value={step.channel}
                onChange={(e) => setStep(i, { channel: e.currentTarget.value as Step['channel'] })}
                data={CHANNELS}
              />
              {step.channel === 'email' ? (
                <NativeSelect
                  label="Template"
                  style={{ flex: '1 1 180px' }}
                  value={step.templateId ?? ''}
                  onChange={(e) => setStep(i, { templateId: e.currentTarget.value || undefined })}
                  data={[
                    { value: '', label: 'Choose…' },
                    ...(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name })),
                  ]}
                />
              ) : (
                <TextInput
                  label="What to do"
                  placeholder={step.channel === 'call' ? 'Call about the proposal' : 'Send the case study'}
                  style={{ flex: '1 1 180px' }}
                  value={step.action ?? ''}
                  onChange={(e) => setStep(i, { action: e.currentTarget.value || undefined })}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={`Remove step ${i + 1}`}
                disabled={steps.length === 1}
                onClick={() => removeStep(i)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Paper>
        ))}
        <Group justify="space-between">
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={addStep}>
            Add a step
          </Button>
          <Checkbox
            label="Also stop when anyone at the contact's company replies"
            checked={companyReply}
            onChange={(e) => setCompanyReply(e.currentTarget.checked)}
          />
        </Group>
        <Text size="xs" c="dimmed">
          A contact leaves the sequence when they reply, call or meet you, bounce, unsubscribe, or become a
          customer, lost or dormant. Auto-replies do not count.
        </Text>
        {(problem || save.error) && (
          <Alert color={save.error ? 'red' : 'gray'} variant="light" role={save.error ? 'alert' : undefined}>
            {save.error ? messageOf(save.error) : problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={problem !== null}>
            {sequence ? 'Save' : 'Create sequence'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
