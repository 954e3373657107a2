-- The vocabulary words one query word may stand for, scored (see candidateWordsSql in
-- src/domains/contacts/search.ts, which calls it and documents the scores). A function so that its query
-- runs with enable_seqscan off: the vocabulary is small enough that the planner would rather scan it and
-- score every word (10 ms for 6,000 words, growing with the vocabulary) than read the few candidates its
-- trigram index names (under 1 ms). Declared on the function, the setting holds only while it runs, so a
-- search is one statement instead of a transaction that sets it first. PL/pgSQL keeps each query's plan
-- for the session.
CREATE FUNCTION "search_word_candidates"(
	in_workspace uuid, in_qi int, in_word text, in_prefix text, in_swaps text[], in_edits text[],
	in_is_number boolean, in_limit int
) RETURNS TABLE (qi int, word text, score real)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
#variable_conflict use_column
BEGIN
	IF in_is_number THEN
		-- A number is a house number or a year: a near one is a different one, so only exact and prefix.
		RETURN QUERY
		SELECT $2, v.word, CASE WHEN v.word = $3 THEN 3::real ELSE 2::real END AS score
		FROM "search_words" v
		WHERE v.workspace_id = $1 AND v.word LIKE $4
		ORDER BY score DESC, length(v.word), v.word
		LIMIT $8;
		RETURN;
	END IF;
	-- One branch per way of matching, so each keeps its index: the trigram GIN for prefix and for
	-- similarity, primary-key lookups for the slips.
	RETURN QUERY
	SELECT $2, m.word,
		CASE WHEN m.word = $3 THEN 3::real WHEN m.word LIKE $4 THEN 2::real
			WHEN m.word = ANY($5) THEN 1.6::real WHEN m.word = ANY($6) THEN 1.5::real
			ELSE word_similarity($3, m.word) END AS score
	FROM (
		SELECT v.word FROM "search_words" v WHERE v.workspace_id = $1 AND v.word LIKE $4
		UNION
		SELECT v.word FROM "search_words" v WHERE v.workspace_id = $1 AND $3 <% v.word
		UNION
		SELECT v.word FROM unnest($5 || $6) slip(word)
			JOIN "search_words" v ON v.workspace_id = $1 AND v.word = slip.word
	) m
	ORDER BY score DESC, word_similarity($3, m.word) DESC, length(m.word), m.word
	LIMIT $8;
END $$;
