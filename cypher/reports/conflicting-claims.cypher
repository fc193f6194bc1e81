// name: conflicting-claims
// description: Claims contradicted in the graph: an event both asserted and negated, or a claim the other side rejects or denies.
// param: limit = 200
// conflict values (each only as good as the extractor's coding):
//   asserted vs negated         the same actor, action and target occur once asserted and once negated
//                               ("X attacked Y" in one place, "X did not attack Y" in another)
//   claim vs denial             X makes a claim about Y (a root 01 statement other than 016, an 112
//                               accusation, or an event attributed to a claimant) and Y rejects X (root 12)
//                               or denies responsibility towards X (016)
//   attributed claim vs denial  an article reports, on Z's word (claimed_by), that X did something, and X
//                               rejects or denies towards Z
// claimant / denier are entity names, or the claimed_by text; empty means the article itself.
// Limits: a denial is tied to a claim through the parties only, not through what was claimed, so two
// unrelated exchanges between the same pair also match; a denial without a target ("Iran denied any
// involvement") is no edge and cannot match; claimed_by is matched to entities by name or alias.
CALL () {
  MATCH (a:Entity)-[p]->(t:Entity), (a)-[n]->(t)
  WHERE p.root IS NOT NULL AND type(n) = type(p) AND NOT coalesce(p.negated, false) AND n.negated = true
  RETURN 'asserted vs negated' AS conflict,
         p.claimed_by AS claimant, a.name + ' ' + type(p) + ' ' + t.name AS claim, p.code AS claim_code,
         n.claimed_by AS denier, a.name + ' NOT ' + type(n) + ' ' + t.name AS counter, n.code AS counter_code,
         p.sentence AS claim_sentence, p.source AS claim_source,
         n.sentence AS counter_sentence, n.source AS counter_source
  UNION ALL
  MATCH (x:Entity)-[c]->(y:Entity), (y)-[d]->(x)
  WHERE c.root IS NOT NULL AND NOT coalesce(c.negated, false)
    AND ((c.root = '01' AND c.code <> '016') OR c.code STARTS WITH '112' OR c.claimed_by IS NOT NULL)
    AND NOT coalesce(d.negated, false) AND (d.root = '12' OR d.code = '016')
  RETURN 'claim vs denial' AS conflict,
         x.name AS claimant, x.name + ' ' + type(c) + ' ' + y.name AS claim, c.code AS claim_code,
         y.name AS denier, y.name + ' ' + type(d) + ' ' + x.name AS counter, d.code AS counter_code,
         c.sentence AS claim_sentence, c.source AS claim_source,
         d.sentence AS counter_sentence, d.source AS counter_source
  UNION ALL
  MATCH (x:Entity)-[c]->(y:Entity)
  WHERE c.root IS NOT NULL AND c.claimed_by IS NOT NULL AND NOT coalesce(c.negated, false)
  WITH x, c, y, toLower(c.claimed_by) AS claimed_by
  MATCH (x)-[d]->(z:Entity)
  WHERE (d.root = '12' OR d.code = '016') AND NOT coalesce(d.negated, false)
    AND (toLower(z.name) = claimed_by OR any(alias IN coalesce(z.aliases, []) WHERE toLower(alias) = claimed_by))
  RETURN 'attributed claim vs denial' AS conflict,
         c.claimed_by AS claimant, x.name + ' ' + type(c) + ' ' + y.name AS claim, c.code AS claim_code,
         x.name AS denier, x.name + ' ' + type(d) + ' ' + z.name AS counter, d.code AS counter_code,
         c.sentence AS claim_sentence, c.source AS claim_source,
         d.sentence AS counter_sentence, d.source AS counter_source
}
RETURN conflict, claimant, claim, claim_code, denier, counter, counter_code,
       claim_sentence, claim_source, counter_sentence, counter_source
ORDER BY conflict, claim, counter, claim_source, counter_source, claim_sentence, counter_sentence
LIMIT $limit
