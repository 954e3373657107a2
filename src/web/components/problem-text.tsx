import type { ReactNode } from 'react';
import type { Problem } from '../lib/form-problems';
import { AnchorLink } from './links';

/** A problem as shown under its field, with a link to the contact it is about (a taken email's holder). */
export function problemNode(problem: Problem | undefined): ReactNode {
  if (!problem) return undefined;
  if (!problem.related) return problem.message;
  return (
    <>
      {problem.message}.{' '}
      <AnchorLink to="/contacts/$contactId" params={{ contactId: problem.related.id }} size="xs">
        Open {problem.related.name}
      </AnchorLink>
    </>
  );
}
