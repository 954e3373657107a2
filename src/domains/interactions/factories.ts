import type { Db } from '../../db/client.ts';
import { type RecordedTouch, recordTouches, type TouchItem } from './record-touches.ts';

/** Records one interaction through the touch path (so the due state follows); a call a day ago by default. For tests. */
export async function buildInteraction(
  db: Db,
  workspaceId: string,
  overrides: Partial<TouchItem> & { contactIds: string[]; actorId?: string | null },
): Promise<RecordedTouch> {
  const { actorId = null, ...item } = overrides;
  const [recorded] = await recordTouches({
    db,
    workspaceId,
    actorId,
    items: [
      {
        kind: 'call',
        direction: 'out',
        occurredAt: new Date(Date.now() - 86_400_000),
        summary: 'Caught up',
        source: 'manual',
        ...item,
      },
    ],
  });
  return recorded!;
}
