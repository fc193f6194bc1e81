// name: condemnation-network
// description: Who condemns, criticises or accuses whom (CAMEO 11x DISAPPROVE; 112 = accuse), per code.
// param: limit = 200
// kind: "accusation" for 112x codes, "condemnation" for the rest of root 11.
MATCH (a:Entity)-[r:DISAPPROVE]->(t:Entity)
WHERE NOT coalesce(r.negated, false)
WITH a, t, r.code AS code, r.name AS code_name,
     count(DISTINCT r.article_id) AS articles, count(r) AS events,
     min(r.published) AS first_date, max(r.published) AS last_date
RETURN a.name AS actor, a.id AS actor_id, a.type AS actor_type,
       'DISAPPROVE' AS action,
       CASE WHEN code STARTS WITH '112' THEN 'accusation' ELSE 'condemnation' END AS kind,
       code, code_name,
       t.name AS target, t.id AS target_id, t.type AS target_type,
       articles, events, first_date, last_date
ORDER BY articles DESC, events DESC, actor, target, code
LIMIT $limit
