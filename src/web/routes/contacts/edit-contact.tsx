import { Alert, Button, Drawer, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { messageOf } from '../../api/client';
import { type Contact, useDeleteContact, usePatchContact } from '../../api/contacts';
import { ContactForm } from './contact-form';

/** Every field of the contact in a side drawer (full screen on a phone). */
export function EditContactDrawer({
  contact,
  opened,
  onClose,
}: {
  contact: Contact;
  opened: boolean;
  onClose: () => void;
}) {
  const patch = usePatchContact(contact.id);
  const isPhone = useMediaQuery('(max-width: 48em)');
  const close = () => {
    patch.reset();
    onClose();
  };
  return (
    <Drawer
      opened={opened}
      onClose={close}
      title={`Edit ${contact.name}`}
      position="right"
      size={isPhone ? '100%' : 'lg'}
      styles={{ title: { fontWeight: 650 } }}
    >
      {opened && (
        <ContactForm
          contact={contact}
          error={patch.error}
          isPending={patch.isPending}
          submitLabel="Save changes"
          onCancel={close}
          onSubmit={(body) =>
            patch.mutate(body, {
              onSuccess: (saved) => {
                notifications.show({ message: `Saved ${saved.name}` });
                close();
              },
            })
          }
        />
      )}
    </Drawer>
  );
}

/** Asks before archiving (or restoring) or deleting a contact. */
export function ConfirmRemoveModal({
  contact,
  action,
  onClose,
}: {
  contact: Contact;
  action: 'archive' | 'delete' | null;
  onClose: () => void;
}) {
  const patch = usePatchContact(contact.id);
  const remove = useDeleteContact();
  const navigate = useNavigate();
  const isDelete = action === 'delete';
  const isRestore = action === 'archive' && contact.archived;
  const error = isDelete ? remove.error : patch.error;
  const close = () => {
    patch.reset();
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (isDelete) {
      remove.mutate(contact.id, {
        onSuccess: () => {
          notifications.show({ message: `Deleted ${contact.name}` });
          close();
          void navigate({ to: '/contacts' });
        },
      });
    } else {
      patch.mutate(
        { archived: !contact.archived },
        {
          onSuccess: () => {
            notifications.show({ message: `${isRestore ? 'Restored' : 'Archived'} ${contact.name}` });
            close();
          },
        },
      );
    }
  };
  const verb = isDelete ? 'Delete' : isRestore ? 'Restore' : 'Archive';
  return (
    <Modal opened={action !== null} onClose={close} title={`${verb} ${contact.name}?`}>
      <Stack gap="md">
        <Text size="sm">
          {isDelete
            ? 'This removes the contact for good, with its facts and next steps. Interactions with other people stay.'
            : isRestore
              ? 'The contact comes back to lists and Today.'
              : 'The contact leaves lists and Today, and keeps its history. You can restore it later.'}
        </Text>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {messageOf(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color={isDelete ? 'red' : undefined}
            onClick={confirm}
            loading={patch.isPending || remove.isPending}
            data-autofocus
          >
            {verb}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
