// name: action-summary
// description: How many events of each CAMEO root the graph holds, with distinct articles, actors and targets.
MATCH (a:Entity)-[r]->(t:Entity)
WHERE r.root IS NOT NULL
RETURN r.root AS root, type(r) AS action,
       count(r) AS events,
       sum(CASE WHEN coalesce(r.negated, false) THEN 1 ELSE 0 END) AS negated,
       count(DISTINCT r.article_id) AS articles,
       count(DISTINCT a) AS actors, count(DISTINCT t) AS targets
ORDER BY root
