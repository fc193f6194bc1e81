// name: attacks-by-target
// description: Attacks (CAMEO roots 18 ASSAULT, 19 FIGHT, 20 MASS_VIOLENCE) grouped by target, most attacked first.
// param: limit = 200
// One row per target, action and attacker; target_events totals the attacks the target suffered.
MATCH (:Entity)-[r:ASSAULT|FIGHT|MASS_VIOLENCE]->(t:Entity)
WHERE NOT coalesce(r.negated, false)
WITH t, count(r) AS target_events, count(DISTINCT r.article_id) AS target_articles
MATCH (a:Entity)-[r:ASSAULT|FIGHT|MASS_VIOLENCE]->(t)
WHERE NOT coalesce(r.negated, false)
WITH t, target_events, target_articles, type(r) AS action, a,
     count(DISTINCT r.article_id) AS articles, count(r) AS events,
     min(r.published) AS first_date, max(r.published) AS last_date
RETURN t.name AS target, t.id AS target_id, t.type AS target_type,
       target_events, target_articles,
       action,
       a.name AS actor, a.id AS actor_id, a.type AS actor_type,
       articles, events, first_date, last_date
ORDER BY target_events DESC, target, events DESC, action, actor
LIMIT $limit
