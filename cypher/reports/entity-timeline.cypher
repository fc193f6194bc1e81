// name: entity-timeline
// description: Every event an entity takes part in, as actor or target, in date order, each with its sentence.
// param: name = "Iran"
// param: limit = 500
// name matches the entity's id, its canonical name or any alias, ignoring case (no fulltext index needed).
// Events from articles without a publication date come last.
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN coalesce(e.aliases, []) WHERE toLower(alias) = toLower($name))
CALL (e) {
  MATCH (e)-[r]->(other:Entity)
  WHERE r.root IS NOT NULL
  RETURN r, e AS a, other AS t
  UNION ALL
  MATCH (other:Entity)-[r]->(e)
  WHERE r.root IS NOT NULL AND other <> e
  RETURN r, other AS a, e AS t
}
RETURN r.published AS date, e.name AS entity,
       a.name AS actor, a.id AS actor_id, a.type AS actor_type,
       type(r) AS action, r.code AS code, r.name AS code_name,
       t.name AS target, t.id AS target_id, t.type AS target_type,
       coalesce(r.negated, false) AS negated, r.modality AS modality, r.claimed_by AS claimed_by,
       r.trigger AS trigger, r.sentence AS sentence, r.source AS source
ORDER BY date, source, r.sentence_start, r.trigger_start, action, actor_id, target_id
LIMIT $limit
