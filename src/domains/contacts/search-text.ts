import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { companies } from '../companies/schema.ts';
import { contactEmails, contacts, searchVocabulary } from './schema.ts';

// A contact's search text and words, and the workspace's vocabulary of them: what search.ts looks
// contacts up by. The only writers of search_text and search_words.

/**
 * What a word is, in PostgreSQL's and JavaScript's regex syntax alike: a run of digits, or a run of
 * letters, where a letter is any character but ASCII digits, punctuation and spaces (so "léa" and "zoë"
 * stay whole on every locale). Emails split into their parts: "jane.doe42@acme.test" is jane, doe, 42,
 * acme, test.
 */
export const WORD_PATTERN = '[0-9]+|[^\\x01-\\x40\\x5b-\\x60\\x7b-\\x7f]+';

/** Which contacts' search text to rebuild: some ids, every contact of a company, or all of them. */
export type SearchTextScope = { contactIds: string[] } | { companyId: string } | { all: true };

/** The distinct words of a search text, exactly as refreshSearchText stores them in search_words. */
export function searchWordsOf(text: string): string[] {
  return [...new Set(text.match(new RegExp(WORD_PATTERN, 'gu')) ?? [])];
}

/**
 * A contact's search text from its parts: the lower-cased first name, last name, emails (space-separated,
 * in order) and company name, skipping empty ones. Shared by refreshSearchText and insertNewContacts.
 */
export function searchTextSql(parts: { firstName: SQL; lastName: SQL; emails: SQL; companyName: SQL }): SQL {
  return sql`lower(concat_ws(' ', ${parts.firstName}, nullif(${parts.lastName}, ''), nullif(${parts.emails}, ''), ${parts.companyName}))`;
}

/** The distinct words of a search text, in SQL; searchWordsOf is the same in JavaScript. */
export function searchWordsSql(text: SQL): SQL {
  return sql`array(select distinct m[1] from regexp_matches(${text}, ${WORD_PATTERN}, 'g') m)`;
}

/**
 * Rebuilds search_text (lower-cased name, emails in order, company name) and its words for the contacts
 * in scope, and adds new words to the workspace's vocabulary, in one statement. The only writer of
 * both columns: call it after any change to those inputs.
 */
export async function refreshSearchText(options: {
  db: Db;
  workspaceId: string;
  scope: SearchTextScope;
}): Promise<void> {
  const { scope, workspaceId } = options;
  if ('contactIds' in scope && scope.contactIds.length === 0) return;
  const inScope =
    'contactIds' in scope
      ? inArray(contacts.id, scope.contactIds)
      : 'companyId' in scope
        ? eq(contacts.companyId, scope.companyId)
        : sql`true`;
  await options.db.execute(sql`
    with fresh as (
      select ${contacts.id} as id, ${searchTextSql({
        firstName: sql`${contacts.firstName}`,
        lastName: sql`${contacts.lastName}`,
        emails: sql`(select string_agg(${contactEmails.email}, ' ' order by ${contactEmails.position})
             from ${contactEmails}
            where ${contactEmails.workspaceId} = ${contacts.workspaceId}
              and ${contactEmails.contactId} = ${contacts.id})`,
        companyName: sql`(select ${companies.name} from ${companies}
            where ${companies.workspaceId} = ${contacts.workspaceId} and ${companies.id} = ${contacts.companyId})`,
      })} as search_text
      from ${contacts}
      where ${contacts.workspaceId} = ${workspaceId}::uuid and ${inScope}
    ), updated as (
      update ${contacts} set search_text = fresh.search_text,
        search_words = ${searchWordsSql(sql`fresh.search_text`)}
      from fresh
      where ${contacts.workspaceId} = ${workspaceId}::uuid and ${contacts.id} = fresh.id
      returning ${contacts.searchWords} as words
    )
    insert into ${searchVocabulary} (workspace_id, word)
    select distinct ${workspaceId}::uuid, w from updated, unnest(updated.words) w
    on conflict do nothing`);
}

/** Adds every word of the workspace's contacts to its vocabulary; for bulk loads that write search_words directly. */
export async function refreshSearchVocabulary(options: { db: Db; workspaceId: string }): Promise<void> {
  await options.db.execute(sql`
    insert into ${searchVocabulary} (workspace_id, word)
    select distinct ${options.workspaceId}::uuid, w
      from ${contacts}, unnest(${contacts.searchWords}) w
     where ${contacts.workspaceId} = ${options.workspaceId}::uuid
    on conflict do nothing`);
}
