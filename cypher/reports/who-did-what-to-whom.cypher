// name: who-did-what-to-whom
// description: Every actor–action–target triple, with how many articles report it and the first and last date.
// param: include_negated = false
// param: limit = 200
// Negated events ("X did not attack Y") are left out unless include_negated is true.
// Dates are the articles' publication dates; null when the source gave none.
MATCH (a:Entity)-[r]->(t:Entity)
WHERE r.root IS NOT NULL AND ($include_negated OR NOT coalesce(r.negated, false))
WITH a, type(r) AS action, r.root AS root, t,
     count(DISTINCT r.article_id) AS articles, count(r) AS events,
     min(r.published) AS first_date, max(r.published) AS last_date
RETURN a.name AS actor, a.id AS actor_id, a.type AS actor_type,
       action, root,
       t.name AS target, t.id AS target_id, t.type AS target_type,
       articles, events, first_date, last_date
ORDER BY articles DESC, events DESC, actor, action, target
LIMIT $limit
