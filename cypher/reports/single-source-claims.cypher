// name: single-source-claims
// description: Actor–action–target claims that rest on one article only, most conflictual first, with the citation.
// param: limit = 200
// claimed_by is set when the article itself attributes the claim to someone ("X said ...").
MATCH (a:Entity)-[r]->(t:Entity)
WHERE r.root IS NOT NULL AND NOT coalesce(r.negated, false)
WITH a, r, t ORDER BY r.sentence_start, r.trigger_start
WITH a, type(r) AS action, t,
     count(DISTINCT r.article_id) AS articles, count(r) AS events, min(r.goldstein) AS goldstein,
     collect({sentence: r.sentence, source: r.source, date: r.published, claimed_by: r.claimed_by,
              trigger: r.trigger, code: r.code}) AS citations
WHERE articles = 1
RETURN a.name AS actor, a.id AS actor_id, a.type AS actor_type,
       action, head(citations).code AS code,
       t.name AS target, t.id AS target_id, t.type AS target_type,
       events, goldstein,
       head(citations).claimed_by AS claimed_by, head(citations).trigger AS trigger,
       head(citations).sentence AS sentence, head(citations).source AS source, head(citations).date AS date
ORDER BY goldstein, actor, action, target, actor_id, target_id
LIMIT $limit
