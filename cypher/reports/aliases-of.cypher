// name: aliases-of
// description: Every surface form an entity was found under, with mention and article counts.
// param: name = "United States"
// name matches the entity's id, its canonical name or any alias, ignoring case.
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN coalesce(e.aliases, []) WHERE toLower(alias) = toLower($name))
MATCH (e)-[m:MENTIONED_IN]->(art:Article)
// Pronoun mentions ("he", "its") are recorded for citations but are not aliases.
UNWIND range(0, size(m.texts) - 1) AS i
WITH e, art, m.texts[i] AS alias, m.rules[i] AS rule
WHERE rule IS NULL OR rule <> 'pronoun'
WITH e, alias, count(*) AS mentions, count(DISTINCT art) AS articles
RETURN e.name AS entity, e.id AS entity_id, e.type AS entity_type, e.wikidata AS wikidata,
       alias, mentions, articles
ORDER BY entity, mentions DESC, alias
