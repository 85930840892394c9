/** RFC 6749 §3.3: space-delimited, case-sensitive, order irrelevant; duplicates dropped. */
export function parseScope(scope: string | undefined): string[] {
  if (!scope) return [];
  return [...new Set(scope.split(' ').filter((s) => s.length > 0))];
}
