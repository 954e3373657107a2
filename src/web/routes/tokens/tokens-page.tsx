import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { type Token, useRevokeToken, useTokens } from '../../api/account';
import { canSeeTeam, useMe } from '../../api/queries';
import { ConfirmModal } from '../../components/confirm-modal';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { ago, formatDay } from '../../lib/dates';
import { CreateTokenModal, SCOPE_LABEL } from './create-token-modal';

/** Settings > API tokens: create (shown once), list with last use, revoke. */
export const tokensLazyRoute = createLazyRoute('/app/settings/tokens')({ component: TokensPage });

function TokensPage() {
  const { data: me } = useMe();
  const [showAll, setShowAll] = useState(false);
  const tokens = useTokens(showAll);
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  if (!me) return null;
  const closeRevoke = () => {
    revoke.reset();
    setRevoking(null);
  };

  return (
    <Stack maw={960} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            API tokens
          </Title>
          <Text c="dimmed" size="sm" maw={560}>
            Tokens let scripts and other apps use Kith's API as you. A read-only token can never change
            anything, whatever your role.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          Create token
        </Button>
      </Group>
      {canSeeTeam(me) && (
        <SegmentedControl
          aria-label="Whose tokens"
          value={showAll ? 'all' : 'mine'}
          onChange={(value) => setShowAll(value === 'all')}
          data={[
            { value: 'mine', label: 'My tokens' },
            { value: 'all', label: "Everyone's tokens" },
          ]}
          w="fit-content"
        />
      )}
      {tokens.isPending ? (
        <ListSkeleton label="Loading tokens" rows={2} />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <Paper withBorder radius="lg">
          <EmptyState title="No tokens yet" icon={<IconKey size={30} />}>
            Create one to connect a script, a spreadsheet or another app.
          </EmptyState>
        </Paper>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} aria-label="API tokens">
          {tokens.data.map((token) => (
            <TokenRow key={token.id} token={token} showOwner={showAll} onRevoke={() => setRevoking(token)} />
          ))}
        </Stack>
      )}
      <CreateTokenModal opened={creating} role={me.role} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke token"
        isPending={revoke.isPending}
        error={revoke.error}
        onClose={closeRevoke}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifications.show({ title: `${revoking.name} revoked`, message: '' });
              closeRevoke();
            },
          })
        }
      >
        <Text size="sm">
          Anything using it stops working at once
          {revoking && revoking.user.id !== me.id ? ` (it belongs to ${revoking.user.name})` : ''}. This
          cannot be undone.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

function TokenRow({
  token,
  showOwner,
  onRevoke,
}: {
  token: Token;
  showOwner: boolean;
  onRevoke: () => void;
}) {
  return (
    <Paper component="li" withBorder radius="md" p="md" aria-label={token.name} style={{ listStyle: 'none' }}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0} style={{ flex: '1 1 220px' }}>
          <Group gap={8} wrap="wrap">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {token.name}
            </Text>
            <Badge color={token.scope === 'read' ? 'blue' : 'orange'} variant="light" tt="none">
              {SCOPE_LABEL[token.scope]}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {showOwner ? `${token.user.name} · ` : ''}created {formatDay(token.createdAt)} ·{' '}
            {token.lastUsedAt ? `last used ${ago(token.lastUsedAt)}` : 'never used'}
          </Text>
        </Stack>
        <Button size="xs" variant="subtle" color="red" onClick={onRevoke} aria-label={`Revoke ${token.name}`}>
          Revoke
        </Button>
      </Group>
    </Paper>
  );
}
