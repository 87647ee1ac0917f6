/**
 * Table names as they go into SQL: qualified with the schema when one is chosen. The
 * connections also put that schema on their search path (for the migrations), but PGlite is
 * one shared session where any client could change it, so the store never relies on it.
 */
export interface Tables {
  agents: string;
  tasks: string;
  grants: string;
  events: string;
}

export function tablesIn(schema: string | undefined): Tables {
  const name = (table: string) => (schema ? `"${schema}"."${table}"` : `"${table}"`);
  return { agents: name('agents'), tasks: name('tasks'), grants: name('delegation_grants'), events: name('events') };
}
