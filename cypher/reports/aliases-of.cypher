// name: aliases-of
// description: Every surface form an entity was found under, with mention and article counts.
// param: name = "United States"
// name matches the entity's id, its canonical name or any alias, ignoring case.
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN coalesce(e.aliases, []) WHERE toLower(alias) = toLower($name))
MATCH (e)-[m:MENTIONED_IN]->(art:Article)
UNWIND m.texts AS alias
WITH e, alias, count(*) AS mentions, count(DISTINCT art) AS articles
RETURN e.name AS entity, e.id AS entity_id, e.type AS entity_type, e.wikidata AS wikidata,
       alias, mentions, articles
ORDER BY entity, mentions DESC, alias
