// name: attacks-by-actor
// description: Attacks (CAMEO roots 18 ASSAULT, 19 FIGHT, 20 MASS_VIOLENCE) grouped by attacker, most active first.
// param: limit = 200
// One row per attacker, action and target; attacker_events totals the attacker's attacks on everyone.
MATCH (a:Entity)-[r:ASSAULT|FIGHT|MASS_VIOLENCE]->(:Entity)
WHERE NOT coalesce(r.negated, false)
WITH a, count(r) AS attacker_events, count(DISTINCT r.article_id) AS attacker_articles
MATCH (a)-[r:ASSAULT|FIGHT|MASS_VIOLENCE]->(t:Entity)
WHERE NOT coalesce(r.negated, false)
WITH a, attacker_events, attacker_articles, type(r) AS action, t,
     count(DISTINCT r.article_id) AS articles, count(r) AS events,
     min(r.published) AS first_date, max(r.published) AS last_date
RETURN a.name AS actor, a.id AS actor_id, a.type AS actor_type,
       attacker_events, attacker_articles,
       action,
       t.name AS target, t.id AS target_id, t.type AS target_type,
       articles, events, first_date, last_date
ORDER BY attacker_events DESC, actor, events DESC, action, target
LIMIT $limit
