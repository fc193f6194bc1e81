// name: curation
// description: Mentions and events worth a curator's look: unlinked events, role-only people, one-off names outside the gazetteer, aliases shared by several entities.
// param: limit = 500
// issue values:
//   unlinked event            an event whose actor or target could not be linked (ingest --keep-unlinked)
//   role without a name       a person known only by role ("the spokesman"); add the holder to the gazetteer
//   outside gazetteer, once   an entity with a local "<TYPE>:<key>" id mentioned a single time: a typo, a
//                             NER error, or a new name to add to the gazetteer
//   alias on several entities the same surface form (case-insensitive) is linked to different entities
CALL () {
  MATCH (u:UnlinkedEvent)
  OPTIONAL MATCH (u)-[:REPORTED_IN]->(art:Article)
  RETURN 'unlinked event' AS issue,
         coalesce(u.actor_text, '?') + ' -> ' + coalesce(u.target_text, '?') AS name,
         u.key AS id, u.rel_type AS type, 1 AS mentions,
         coalesce(u.trigger, '') + ' (' + coalesce(u.code, '') + ')' AS detail,
         art.source AS source, u.sentence AS context
  UNION ALL
  MATCH (e:Entity)-[m:MENTIONED_IN]->(art:Article)
  WHERE e.type = 'ROLE'
  WITH e, m, art ORDER BY art.source, m.starts[0]
  WITH e, sum(m.count) AS mentions, collect(art.source) AS sources,
       collect(substring(art.text, CASE WHEN m.starts[0] > 60 THEN m.starts[0] - 60 ELSE 0 END, 160)) AS contexts
  RETURN 'role without a name' AS issue, e.name AS name, e.id AS id, e.type AS type, mentions,
         toString(size(sources)) + ' article(s)' AS detail, head(sources) AS source, head(contexts) AS context
  UNION ALL
  MATCH (e:Entity)-[m:MENTIONED_IN]->(art:Article)
  WHERE e.wikidata IS NULL AND e.id =~ '[A-Z_]+:.*' AND e.type <> 'ROLE'
  WITH e, m, art ORDER BY art.source, m.starts[0]
  WITH e, sum(m.count) AS mentions, collect(art.source) AS sources,
       collect(head(m.texts)) AS texts,
       collect(substring(art.text, CASE WHEN m.starts[0] > 60 THEN m.starts[0] - 60 ELSE 0 END, 160)) AS contexts
  WHERE mentions = 1
  RETURN 'outside gazetteer, once' AS issue, e.name AS name, e.id AS id, e.type AS type, mentions,
         'as "' + head(texts) + '"' AS detail, head(sources) AS source, head(contexts) AS context
  UNION ALL
  MATCH (e:Entity)
  UNWIND coalesce(e.aliases, []) AS alias
  WITH e, alias ORDER BY e.name, e.id
  WITH toLower(alias) AS folded, collect(DISTINCT e) AS entities
  WHERE size(entities) > 1
  RETURN 'alias on several entities' AS issue, folded AS name, null AS id, null AS type,
         size(entities) AS mentions,
         reduce(s = '', x IN entities | s + CASE WHEN s = '' THEN '' ELSE '; ' END + x.name + ' [' + x.id + ']') AS detail,
         null AS source, null AS context
}
RETURN issue, name, id, type, mentions, detail, source, context
ORDER BY issue, mentions DESC, name, id, detail, source, context
LIMIT $limit
