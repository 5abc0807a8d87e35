/** One call of a repository method for the SQL snapshot: the statements it runs with these arguments. */
export interface SqlExample {
  /** What the arguments exercise (a filter, a sort, a cursor); omitted when the method has one shape. */
  name?: string;
  params: unknown[];
}

/** Placeholder arguments: the snapshot records statement texts, so values only have to be well-typed. */
export const DummyValue = {
  UUID: '00000000-0000-4000-8000-000000000000',
  STRING: 'abc',
  HASH: '0'.repeat(64),
  NUMBER: 1,
} as const;

const examples = new Map<object, Map<string, SqlExample[]>>();

/**
 * Declares a repository method's statements for the committed snapshot under libs/persistence/src/queries
 * (`npm run sql`; `npm test` fails when it is stale). Give one example per shape of dynamic SQL. Every
 * method of a repository carries one: the generator refuses a method without it.
 */
export function GenerateSql(...calls: SqlExample[]): MethodDecorator {
  return (target, key) => {
    const byMethod = examples.get(target) ?? new Map<string, SqlExample[]>();
    byMethod.set(String(key), calls.length ? calls : [{ params: [] }]);
    examples.set(target, byMethod);
  };
}

/** The examples a repository class declared, by method name; undefined for a method without @GenerateSql. */
export function sqlExamples(repository: abstract new (...args: never[]) => unknown, method: string): SqlExample[] | undefined {
  return examples.get(repository.prototype as object)?.get(method);
}
