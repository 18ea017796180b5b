/** Builds a parameterised WHERE clause from optional filters: `filter.add('col = ?', value)`. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  constructor(initial: Array<[sql: string, value: unknown]> = []) {
    for (const [sql, value] of initial) this.add(sql, value);
  }

  /** Adds the condition when the first value is defined; each `?` takes the next value's placeholder. */
  add(sql: string, ...values: unknown[]): this {
    if (values[0] === undefined) return this;
    let i = 0;
    this.conditions.push(
      sql.replace(/\?/g, () => {
        this.params.push(values[i++]);
        return `$${this.params.length}`;
      }),
    );
    return this;
  }

  /** `WHERE …` or the empty string. */
  get where(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }

  /** The placeholder for one more parameter appended after the filters (LIMIT, OFFSET). */
  next(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}
