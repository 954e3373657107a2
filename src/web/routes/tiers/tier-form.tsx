import {
  Button,
  Group,
  Loader,
  Modal,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { MAX_INTERVAL_DAYS, TierInput as TierSchema } from '../../../shared/tier-input.ts';
import { messageOf } from '../../api/client';
import type { Tier } from '../../api/queries';
import {
  type Channel,
  type IntervalChoice,
  type TierInput,
  useCreateTier,
  useTierPreview,
  useUpdateTier,
} from '../../api/tiers';
import { useFormProblems } from '../../lib/use-form-problems';
import { CHANNEL_LABEL, PRIORITY_LABEL } from './labels';

/** Each field's name in messages, in the order of the form. */
const LABELS = {
  name: 'Name',
  priority: 'Priority',
  channel: 'Channel',
  intervalDays: 'Interval',
  requireNextStep: 'Requires a next step',
};

/** Adds a tier (tier = null with opened) or edits one. */
export function TierFormModal({
  opened,
  tier,
  onClose,
}: {
  opened: boolean;
  tier: Tier | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={tier ? `Edit ${tier.name}` : 'Add a tier'}
      fullScreen={false}
      size="lg"
    >
      {opened && <TierForm key={tier?.id ?? 'new'} tier={tier} onDone={onClose} />}
    </Modal>
  );
}

/** The interval the field says, or undefined while it is not a whole number of days in range. */
function parseInterval(raw: string | number): IntervalChoice | undefined {
  if (raw === '') return 'none';
  const n = typeof raw === 'number' ? raw : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= MAX_INTERVAL_DAYS ? n : undefined;
}

function TierForm({ tier, onDone }: { tier: Tier | null; onDone: () => void }) {
  const [name, setName] = useState(tier?.name ?? '');
  const [priority, setPriority] = useState(String(tier?.priority ?? 3));
  const [interval, setInterval] = useState<string | number>(tier?.intervalDays ?? 30);
  const [channel, setChannel] = useState<Channel>(tier?.channel ?? 'any');
  const [requireNextStep, setRequireNextStep] = useState(tier?.requireNextStep ?? false);
  const create = useCreateTier();
  const update = useUpdateTier();
  const mutation = tier ? update : create;
  const body: TierInput = {
    name,
    priority: Number(priority),
    intervalDays: interval === '' ? null : Number(interval),
    channel,
    requireNextStep,
  };
  const form = useFormProblems({ schema: TierSchema, value: body, labels: LABELS, error: mutation.error });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    const done = () => {
      notifications.show({ title: tier ? `Saved ${name.trim()}` : `Added ${name.trim()}`, message: '' });
      onDone();
    };
    if (tier) update.mutate({ id: tier.id, ...body }, { onSuccess: done });
    else create.mutate(body, { onSuccess: done });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="A (key)"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            form.touch('name');
          }}
          error={form.msg('name')}
          data-field="name"
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <NativeSelect
            label="Priority"
            description="1 is the most important"
            value={priority}
            onChange={(e) => setPriority(e.currentTarget.value)}
            data={[1, 2, 3, 4, 5].map((p) => ({ value: String(p), label: `${p} · ${PRIORITY_LABEL[p]}` }))}
            error={form.msg('priority')}
          />
          <NativeSelect
            label="Channel"
            description="How these contacts are usually reached"
            value={channel}
            onChange={(e) => setChannel(e.currentTarget.value as Channel)}
            data={Object.entries(CHANNEL_LABEL).map(([value, label]) => ({ value, label }))}
            error={form.msg('channel')}
          />
        </SimpleGrid>
        <Stack gap={6}>
          <NumberInput
            label="Interval (days)"
            description="Days between touches; leave empty for no cadence"
            placeholder="No cadence"
            value={interval}
            onChange={(v) => {
              setInterval(v);
              form.touch('intervalDays');
            }}
            data-field="intervalDays"
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            error={form.msg('intervalDays')}
          />
          {tier && <IntervalPreview tier={tier} interval={interval} />}
        </Stack>
        <Switch
          label="Requires a next step"
          description="Logging a touch with these contacts must plan what comes next"
          checked={requireNextStep}
          onChange={(e) => setRequireNextStep(e.currentTarget.checked)}
          error={form.msg('requireNextStep')}
        />
        {form.unplaced && (
          <Text size="sm" c="red.7" role="alert">
            {form.unplaced}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {tier ? 'Save' : 'Add tier'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Today: 12 due → 40 due (+28)" for the interval being typed, before anything is saved. */
function IntervalPreview({ tier, interval }: { tier: Tier; interval: string | number }) {
  const parsed = parseInterval(interval);
  const current: IntervalChoice = tier.intervalDays ?? 'none';
  const [debounced] = useDebouncedValue(parsed === current ? undefined : parsed, 300);
  const preview = useTierPreview(tier.id, parsed === current ? undefined : debounced);
  const isWaiting = parsed !== current && (debounced !== parsed || preview.isFetching);

  let text: string;
  let color = 'dimmed';
  if (parsed === current) text = `${tier.contactCount} contacts in this tier`;
  else if (parsed === undefined) text = `Enter a whole number of days from 1 to ${MAX_INTERVAL_DAYS}`;
  else if (preview.isError) {
    text = `No preview: ${messageOf(preview.error)}`;
    color = 'red.7';
  } else if (!preview.data) text = 'Counting who becomes due…';
  else {
    const { dueNow, dueAfter, change } = preview.data;
    const sign = change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '±0';
    text = `Today: ${dueNow} due → ${dueAfter} due (${sign})`;
    color = change > 0 ? 'orange.8' : change < 0 ? 'teal.8' : 'dimmed';
  }
  return (
    <Group gap={6} wrap="nowrap" aria-live="polite">
      <Text size="sm" fw={parsed !== current && preview.data ? 600 : 400} c={color} aria-label="Due preview">
        {text}
      </Text>
      {isWaiting && preview.data && <Loader size={12} aria-label="Updating preview" />}
    </Group>
  );
}
