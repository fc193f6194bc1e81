// name: co-mentioned
// description: Pairs of entities named in the same articles, with how many events link them directly.
// param: min_articles = 2
// param: limit = 100
MATCH (a:Entity)-[:MENTIONED_IN]->(art:Article)<-[:MENTIONED_IN]-(b:Entity)
WHERE a.id < b.id
WITH a, b, art ORDER BY art.source
WITH a, b, count(DISTINCT art) AS articles, collect(DISTINCT art.source) AS sources
WHERE articles >= $min_articles
RETURN a.name AS entity_a, a.id AS entity_a_id, a.type AS entity_a_type,
       b.name AS entity_b, b.id AS entity_b_id, b.type AS entity_b_type,
       articles,
       COUNT { (a)-[r]-(b) WHERE r.root IS NOT NULL } AS events_between,
       sources
ORDER BY articles DESC, events_between DESC, entity_a, entity_b, entity_a_id, entity_b_id
LIMIT $limit
