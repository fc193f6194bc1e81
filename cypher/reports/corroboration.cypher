// name: corroboration
// description: How well each actor–action–target claim is corroborated: distinct articles and distinct publishers.
// param: min_articles = 1
// param: limit = 200
// publishers counts articles' known publishers; unattributed counts articles whose source gave none
// (plain-text files), so "2 articles, 0 publishers, 2 unattributed" is weaker than 2 named outlets.
MATCH (a:Entity)-[r]->(t:Entity)
WHERE r.root IS NOT NULL AND NOT coalesce(r.negated, false)
WITH a, type(r) AS action, t, r.article_id AS article_id, count(r) AS in_article
OPTIONAL MATCH (art:Article)
WHERE art.id = article_id
WITH a, action, t, article_id, in_article, art ORDER BY art.publisher, art.source
WITH a, action, t,
     count(DISTINCT article_id) AS articles, sum(in_article) AS events,
     count(DISTINCT art.publisher) AS publishers, collect(DISTINCT art.publisher) AS publisher_names,
     count(DISTINCT CASE WHEN art.publisher IS NULL THEN article_id END) AS unattributed,
     collect(DISTINCT art.source) AS sources
WHERE articles >= $min_articles
RETURN a.name AS actor, a.id AS actor_id, a.type AS actor_type,
       action,
       t.name AS target, t.id AS target_id, t.type AS target_type,
       articles, publishers, unattributed, events, publisher_names, sources
ORDER BY articles DESC, publishers DESC, events DESC, actor, action, target, actor_id, target_id
LIMIT $limit
