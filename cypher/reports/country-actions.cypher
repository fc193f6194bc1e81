// name: country-actions
// description: Everything a state and its organs did (the state, its ministries, forces, parties and office holders), by action and target: the roll-up of GDELT's Actor1CountryCode.
// param: country = "USA"
// param: limit = 200
// country is an ISO 3166 alpha-3 code ("RUS", "IRN", "USA"); entities carry it as their country property.
MATCH (a:Entity)-[r]->(t:Entity)
WHERE a.country = $country AND NOT coalesce(r.negated, false)
WITH a, type(r) AS action, t, count(r) AS events, count(DISTINCT r.article_id) AS articles,
     min(r.published) AS first_date, max(r.published) AS last_date
RETURN a.name AS actor, a.type AS actor_type, action,
       t.name AS target, t.country AS target_country,
       events, articles, first_date, last_date
ORDER BY events DESC, actor, action, target
LIMIT $limit
