import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useCreateContact } from '../../api/contacts';
import { ContactForm } from './contact-form';

/** Creates a contact, then opens its page. */
export function NewContactModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateContact();
  const navigate = useNavigate();
  const isPhone = useMediaQuery('(max-width: 48em)');
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="New contact" size="lg" fullScreen={isPhone}>
      {opened && (
        <ContactForm
          error={create.error}
          isPending={create.isPending}
          submitLabel="Create contact"
          onCancel={close}
          onSubmit={(body) =>
            create.mutate(body, {
              onSuccess: (contact) => {
                notifications.show({ message: `Added ${contact.name}` });
                close();
                void navigate({ to: '/contacts/$contactId', params: { contactId: contact.id } });
              },
            })
          }
        />
      )}
    </Modal>
  );
}
