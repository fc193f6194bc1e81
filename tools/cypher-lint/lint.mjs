// Reads JSON [{name, query, parameters}] on stdin; prints JSON [{name, diagnostics}] on stdout.
// Severity 1 = error, 2 = warning (deprecations): graphkit treats both as failures.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const items = JSON.parse(input);
  const results = items.map(({ name, query, parameters }) => {
    const { diagnostics } = lintCypherQuery(query, { parameters: parameters || {} });
    return {
      name,
      diagnostics: diagnostics.map((d) => ({ severity: d.severity, message: d.message, offsets: d.offsets })),
    };
  });
  process.stdout.write(JSON.stringify(results));
});
