import { type SQL, sql } from 'drizzle-orm';
import { addDays, todayUtc } from '../../shared/dates.ts';
import type { DueFilter } from '../../shared/vocabulary.ts';
import { contacts, type Stage } from './schema.ts';
import { searchWordsOf } from './search-text.ts';

/** How many vocabulary words each query word may stand for. */
export const SEARCH_WORD_CANDIDATES = 20;

/** How many contacts each search tier ranks at most; keeps a vague query as fast as a precise one. */
export const SEARCH_CANDIDATES = 300;

/** The shortest query word looked up in the note words (facts and next steps). */
export const NOTE_WORD_MIN = 3;

/** The most query words searched for; the rest are ignored. */
const MAX_QUERY_WORDS = 5;

/**
 * Email words that most contacts have. Looking them up in the GIN index reads a posting list as long as
 * the workspace (20-40 ms at 1M contacts), so when a query has a rarer word too ("acme.com"), these
 * are checked on the rows the rarer word finds instead.
 */
const UBIQUITOUS_WORDS = new Set(
  'com net org io co uk de fr es it nl eu us info biz edu gov mail email gmail googlemail yahoo hotmail outlook live msn icloud me aol gmx proton protonmail web example test'.split(
    ' ',
  ),
);

/** The list filters that search and the plain list share. */
export type ContactFilters = {
  tierId?: string;
  stage?: Stage;
  tag?: string;
  ownerId?: string;
  companyId?: string;
  archived?: boolean;
  due?: DueFilter;
  /** An exact name, any case: to warn before a duplicate is created. */
  name?: { first: string; last: string };
};

/** The WHERE conditions of the list filters, on the contacts table. */
export function contactFilterSql(workspaceId: string, filters: ContactFilters): SQL {
  const parts: SQL[] = [sql`${contacts.workspaceId} = ${workspaceId}::uuid`];
  if (filters.archived !== undefined) parts.push(sql`${contacts.archived} = ${filters.archived}`);
  if (filters.tierId) parts.push(sql`${contacts.tierId} = ${filters.tierId}::uuid`);
  if (filters.stage) parts.push(sql`${contacts.stage} = ${filters.stage}`);
  if (filters.ownerId) parts.push(sql`${contacts.ownerId} = ${filters.ownerId}::uuid`);
  if (filters.companyId) parts.push(sql`${contacts.companyId} = ${filters.companyId}::uuid`);
  if (filters.tag) parts.push(sql`${contacts.tags} @> array[${filters.tag}]::text[]`);
  if (filters.due) parts.push(dueFilterSql(filters.due));
  if (filters.name) {
    parts.push(sql`lower(${contacts.lastName}) = lower(${filters.name.last})`);
    parts.push(sql`lower(${contacts.firstName}) = lower(${filters.name.first})`);
  }
  return sql.join(parts, sql` and `);
}

/** The due filters, on the stored due state; days are UTC days, as the API's overdueDays. */
function dueFilterSql(due: DueFilter): SQL {
  const today = todayUtc();
  if (due === 'overdue') return sql`${contacts.nextDueOn} < ${today}::date`;
  if (due === 'week') return sql`${contacts.nextDueOn} between ${today}::date and ${addDays(today, 6)}::date`;
  if (due === 'snoozed') return sql`${contacts.snoozedUntil} > ${today}::date`;
  return sql`${contacts.nextStepOn} is null`;
}

/** The search text form of a query: lower-cased, single-spaced. */
export function normaliseSearchQuery(q: string): string {
  return q.toLowerCase().trim().replace(/\s+/g, ' ');
}

/** The words of a query as search_words holds them, at most MAX_QUERY_WORDS. */
export function queryWords(q: string): string[] {
  return searchWordsOf(normaliseSearchQuery(q)).slice(0, MAX_QUERY_WORDS);
}

/**
 * The words one typing slip away from w: a letter dropped, doubled or wrong, or two neighbours swapped.
 * Trigrams barely see a swap ("jonh" shares 2 of 5 trigrams with "john"), so these are matched exactly.
 */
export function typoVariants(w: string): { swaps: string[]; edits: string[] } {
  const letters = [...w];
  const n = letters.length;
  if (n < 3 || n > 20) return { swaps: [], edits: [] };
  const alphabet = new Set([...'abcdefghijklmnopqrstuvwxyz', ...letters]);
  // head[i] is the first i letters and tail[i] the rest, so each variant is one concatenation.
  const head = [''];
  for (const letter of letters) head.push(head.at(-1) + letter);
  const tail = head.map((h) => w.slice(h.length));
  const swaps = new Set<string>();
  const edits = new Set<string>();
  for (let i = 0; i < n; i++) {
    const before = head[i]!;
    const after = tail[i + 1]!;
    edits.add(before + after);
    if (i + 1 < n) swaps.add(before + letters[i + 1] + letters[i] + tail[i + 2]);
    for (const a of alphabet) {
      edits.add(before + a + after);
      edits.add(before + a + tail[i]);
    }
  }
  for (const a of alphabet) edits.add(w + a);
  for (const s of [w, ...swaps]) edits.delete(s);
  swaps.delete(w);
  return { swaps: [...swaps], edits: [...edits] };
}

/** Makes a LIKE pattern that matches text starting with the given text, wildcards taken literally. */
function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The vocabulary words query word number i may stand for, scored: 3 the word itself, 2 a word it
 * begins (so typing "marg" finds Margaret), 1.6 a swap of two letters, 1.5 another one-letter slip,
 * else its trigram word similarity (how much of it the word holds; at least
 * pg_trgm.word_similarity_threshold, 0.6 by default). The best SEARCH_WORD_CANDIDATES, all from the
 * small vocabulary table and its trigram index. A number only matches itself or as a prefix. The query
 * is the SQL function search_word_candidates (migration 0006), which runs it with sequential scans off:
 * the planner would otherwise rather score every word of the vocabulary than use its index. (Not the
 * `%` operator: it wedges PGlite 0.5.)
 */
function candidateWordsSql(workspaceId: string, i: number, w: string): SQL {
  const isNumber = /^[0-9]+$/.test(w);
  const { swaps, edits } = isNumber ? { swaps: [], edits: [] } : typoVariants(w);
  return sql`select * from search_word_candidates(${workspaceId}::uuid, ${i}::int, ${w}::text,
    ${prefixPattern(w)}::text, ${sql.param(swaps)}::text[], ${sql.param(edits)}::text[], ${isNumber}::boolean,
    ${SEARCH_WORD_CANDIDATES}::int)`;
}

/**
 * The fuzzy search: ids of the workspace's contacts matching q, best first, as ONE statement.
 *
 * Each query word is first matched against the workspace's vocabulary (search_words, a few thousand
 * words with a trigram index), giving up to SEARCH_WORD_CANDIDATES scored candidate words. Contacts
 * are then looked up by exact words in the GIN index on contacts.search_words: a contact matches when,
 * for every query word, it has one of that word's candidates. Three tiers, each read only when the
 * ones before it do not fill the page (UNION ALL runs its branches in order and the outer LIMIT stops):
 *
 * 1. Every word exact or a prefix: names that start with q first, then by name.
 * 2. Every word at least one slip away (swap, missing, extra or wrong letter), by score.
 * 3. Every word trigram-similar, by score.
 * 4. Every word exact or a prefix in the name, emails, company or the note words (facts everyone may
 *    see, open next steps): "copenhagen" finds whoever is holidaying there. Only for words of at least
 *    NOTE_WORD_MIN letters, as a short word ("in") is in the notes of most contacts.
 *
 * The score of a contact is the sum over query words of its best candidate's score. Each tier ranks at
 * most SEARCH_CANDIDATES contacts, so a vague query ("emma" among a million contacts) costs no more
 * than a precise one; past that many matches a tier shows a sample rather than the very best.
 */
export function contactSearchQuery(options: {
  workspaceId: string;
  q: string;
  limit: number;
  offset?: number;
  filters?: ContactFilters;
}): SQL {
  const q = normaliseSearchQuery(options.q);
  const words = queryWords(q);
  if (words.length === 0) return sql`select null::uuid as id where false`;
  const offset = options.offset ?? 0;
  const end = offset + options.limit;
  const filters = contactFilterSql(options.workspaceId, options.filters ?? {});
  const cands = sql.join(
    words.map((w, i) => candidateWordsSql(options.workspaceId, i, w)),
    sql` union all `,
  );
  // Per query word, its candidates that are exact or prefixes, at most a slip away, and all of them.
  const set = (kind: 'exact' | 'near' | 'any', i: number) => sql.raw(`${kind}_${i}`);
  const arrays = sql.join(
    words.map(
      (_, i) => sql`
        coalesce(array_agg(word) filter (where qi = ${i} and score >= 2), '{}') as ${set('exact', i)},
        coalesce(array_agg(word) filter (where qi = ${i} and score >= 1.5), '{}') as ${set('near', i)},
        coalesce(array_agg(word) filter (where qi = ${i}), '{}') as ${set('any', i)}`,
    ),
    sql`, `,
  );
  // Each array is an InitPlan parameter, so the planner can use it as a key of the GIN index.
  const rare = words.filter((w) => !UBIQUITOUS_WORDS.has(w)).length > 0;
  // `|| '{}'` hides the column from the index: an ubiquitous word is a filter on the rows found.
  const column = (w: string) =>
    rare && UBIQUITOUS_WORDS.has(w) ? sql`(${contacts.searchWords} || '{}'::text[])` : contacts.searchWords;
  const every = (kind: 'exact' | 'near' | 'any') =>
    sql.join(
      words.map((w, i) => sql`${column(w)} && (select ${set(kind, i)} from word_sets)`),
      sql` and `,
    );
  const candidates = (where: SQL) => sql`select ${contacts.id} as id, ${contacts.searchText} as search_text,
      ${contacts.searchWords} as search_words,
      ${contacts.lastName} as last_name, ${contacts.firstName} as first_name
    from ${contacts} where ${filters} and ${where} limit ${SEARCH_CANDIDATES}`;
  const ranked = (where: SQL) => sql`(select r.id from (${candidates(where)}) r
      order by (select sum(best) from (select max(c.score) as best from cands c
                 where c.word = any(r.search_words) group by c.qi) b) desc,
        lower(r.last_name), lower(r.first_name), r.id
      limit ${end})`;
  const inNotes = sql.join(
    words.map(
      (w, i) =>
        sql`(${column(w)} && (select ${set('exact', i)} from word_sets)
          or ${contacts.noteWords} && (select ${set('exact', i)} from word_sets))`,
    ),
    sql` and `,
  );
  const notes = words.every((w) => w.length >= NOTE_WORD_MIN)
    ? sql`union all (select n.id from (${candidates(sql`${inNotes} and not (${every('any')})`)}) n
        order by lower(n.last_name), lower(n.first_name), n.id limit ${end})`
    : sql``;
  return sql`with cands as materialized (${cands}),
    word_sets as materialized (select ${arrays} from cands)
    select id from (
      (select e.id from (${candidates(every('exact'))}) e
        order by e.search_text like ${prefixPattern(q)} desc, lower(e.last_name), lower(e.first_name), e.id
        limit ${end})
      union all ${ranked(sql`${every('near')} and not (${every('exact')})`)}
      union all ${ranked(sql`${every('any')} and not (${every('near')})`)}
      ${notes}
    ) matches
    limit ${options.limit} offset ${offset}`;
}
