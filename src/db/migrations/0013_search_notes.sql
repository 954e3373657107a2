ALTER TABLE "contacts" ADD COLUMN "note_words" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "search_words_squeezed_idx" ON "search_words" USING btree ("workspace_id",regexp_replace("word", '(.)\1+', '\1', 'g'));--> statement-breakpoint
-- A contact's note words: the distinct words of its facts that everyone may see and of its open next
-- steps, split as search.ts's WORD_PATTERN splits search text, and added to the vocabulary so a misspelt
-- one is found too. Locks the contacts in id order, as every writer of a contact's derived state does.
CREATE FUNCTION "contact_note_words_refresh"(in_workspace uuid, in_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	WITH locked AS (
		SELECT c.id FROM "contacts" c WHERE c.workspace_id = in_workspace AND c.id = ANY(in_ids)
		ORDER BY c.id FOR NO KEY UPDATE
	), fresh AS (
		SELECT l.id, array(
			SELECT DISTINCT m[1] FROM (
				SELECT f.text AS t FROM "facts" f
				WHERE f.workspace_id = in_workspace AND f.contact_id = l.id AND NOT f.is_private
				UNION ALL
				SELECT s.action FROM "next_steps" s
				WHERE s.workspace_id = in_workspace AND s.contact_id = l.id AND s.done_at IS NULL
			) src, regexp_matches(lower(src.t), '[0-9]+|[^\x01-\x40\x5b-\x60\x7b-\x7f]+', 'g') m
			ORDER BY 1) AS words
		FROM locked l
	), updated AS (
		UPDATE "contacts" c SET note_words = fresh.words FROM fresh
		WHERE c.workspace_id = in_workspace AND c.id = fresh.id AND c.note_words IS DISTINCT FROM fresh.words
		RETURNING c.note_words AS words
	)
	INSERT INTO "search_words" (workspace_id, word)
	SELECT DISTINCT in_workspace, w FROM updated, unnest(updated.words) w
	ON CONFLICT DO NOTHING;
END $$;
--> statement-breakpoint
-- One statement trigger per table and operation keeps note_words right whoever writes facts or steps
-- (a route, an import, an undo); an update refreshes only the contacts whose searchable text changed.
CREATE FUNCTION "contact_note_words_on_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF TG_OP = 'INSERT' THEN
		FOR r IN SELECT n.workspace_id, array_agg(DISTINCT n.contact_id) AS ids FROM new_rows n GROUP BY 1 LOOP
			PERFORM "contact_note_words_refresh"(r.workspace_id, r.ids);
		END LOOP;
	ELSE
		FOR r IN SELECT o.workspace_id, array_agg(DISTINCT o.contact_id) AS ids FROM old_rows o GROUP BY 1 LOOP
			PERFORM "contact_note_words_refresh"(r.workspace_id, r.ids);
		END LOOP;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "facts_note_words_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN
		WITH changed AS (
			SELECT n.workspace_id, n.contact_id, o.contact_id AS old_contact_id
			FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id
			WHERE (n.text, n.is_private, n.contact_id) IS DISTINCT FROM (o.text, o.is_private, o.contact_id)
		), ids AS (
			SELECT workspace_id, contact_id FROM changed
			UNION SELECT workspace_id, old_contact_id FROM changed
		)
		SELECT workspace_id, array_agg(contact_id) AS ids FROM ids GROUP BY workspace_id
	LOOP
		PERFORM "contact_note_words_refresh"(r.workspace_id, r.ids);
	END LOOP;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "next_steps_note_words_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN
		WITH changed AS (
			SELECT n.workspace_id, n.contact_id, o.contact_id AS old_contact_id
			FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id
			WHERE (n.action, n.done_at IS NULL, n.contact_id) IS DISTINCT FROM (o.action, o.done_at IS NULL, o.contact_id)
		), ids AS (
			SELECT workspace_id, contact_id FROM changed
			UNION SELECT workspace_id, old_contact_id FROM changed
		)
		SELECT workspace_id, array_agg(contact_id) AS ids FROM ids GROUP BY workspace_id
	LOOP
		PERFORM "contact_note_words_refresh"(r.workspace_id, r.ids);
	END LOOP;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "facts_note_words_insert" AFTER INSERT ON "facts" REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "contact_note_words_on_change"();--> statement-breakpoint
CREATE TRIGGER "facts_note_words_delete" AFTER DELETE ON "facts" REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "contact_note_words_on_change"();--> statement-breakpoint
CREATE TRIGGER "facts_note_words_update" AFTER UPDATE ON "facts" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "facts_note_words_on_update"();--> statement-breakpoint
CREATE TRIGGER "next_steps_note_words_insert" AFTER INSERT ON "next_steps" REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "contact_note_words_on_change"();--> statement-breakpoint
CREATE TRIGGER "next_steps_note_words_delete" AFTER DELETE ON "next_steps" REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "contact_note_words_on_change"();--> statement-breakpoint
CREATE TRIGGER "next_steps_note_words_update" AFTER UPDATE ON "next_steps" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "next_steps_note_words_on_update"();--> statement-breakpoint
-- The note words of the contacts already there, in one pass, before their index exists.
WITH words AS (
	SELECT src.workspace_id, src.contact_id, array_agg(DISTINCT m[1] ORDER BY m[1]) AS words
	FROM (
		SELECT workspace_id, contact_id, text AS t FROM "facts" WHERE NOT is_private
		UNION ALL
		SELECT workspace_id, contact_id, action FROM "next_steps" WHERE done_at IS NULL
	) src, regexp_matches(lower(src.t), '[0-9]+|[^\x01-\x40\x5b-\x60\x7b-\x7f]+', 'g') m
	GROUP BY src.workspace_id, src.contact_id
), updated AS (
	UPDATE "contacts" c SET note_words = words.words FROM words
	WHERE c.workspace_id = words.workspace_id AND c.id = words.contact_id
	RETURNING c.workspace_id, c.note_words
)
INSERT INTO "search_words" (workspace_id, word)
SELECT DISTINCT workspace_id, w FROM updated, unnest(note_words) w
ON CONFLICT DO NOTHING;--> statement-breakpoint
CREATE INDEX "contacts_note_words_idx" ON "contacts" USING gin ("note_words");--> statement-breakpoint
-- search_word_candidates (migration 0006) learns one more way to match: the same word once each run of a
-- letter is squeezed to one ("hofman" and "hoffmann"), read through search_words_squeezed_idx.
CREATE OR REPLACE FUNCTION "search_word_candidates"(
	in_workspace uuid, in_qi int, in_word text, in_prefix text, in_swaps text[], in_edits text[],
	in_is_number boolean, in_limit int
) RETURNS TABLE (qi int, word text, score real)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
#variable_conflict use_column
BEGIN
	IF in_is_number THEN
		RETURN QUERY
		SELECT $2, v.word, CASE WHEN v.word = $3 THEN 3::real ELSE 2::real END AS score
		FROM "search_words" v
		WHERE v.workspace_id = $1 AND v.word LIKE $4
		ORDER BY score DESC, length(v.word), v.word
		LIMIT $8;
		RETURN;
	END IF;
	RETURN QUERY
	SELECT $2, m.word,
		CASE WHEN m.word = $3 THEN 3::real WHEN m.word LIKE $4 THEN 2::real
			WHEN m.word = ANY($5) THEN 1.6::real WHEN m.word = ANY($6) THEN 1.5::real
			WHEN regexp_replace(m.word, '(.)\1+', '\1', 'g') = regexp_replace($3, '(.)\1+', '\1', 'g') THEN 1.5::real
			ELSE word_similarity($3, m.word) END AS score
	FROM (
		SELECT v.word FROM "search_words" v WHERE v.workspace_id = $1 AND v.word LIKE $4
		UNION
		SELECT v.word FROM "search_words" v WHERE v.workspace_id = $1 AND $3 <% v.word
		UNION
		SELECT v.word FROM unnest($5 || $6) slip(word)
			JOIN "search_words" v ON v.workspace_id = $1 AND v.word = slip.word
		UNION
		SELECT v.word FROM "search_words" v
		WHERE v.workspace_id = $1
			AND regexp_replace(v.word, '(.)\1+', '\1', 'g') = regexp_replace($3, '(.)\1+', '\1', 'g')
	) m
	ORDER BY score DESC, word_similarity($3, m.word) DESC, length(m.word), m.word
	LIMIT $8;
END $$;
