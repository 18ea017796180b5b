/** Builds a parameterised WHERE clause from optional filters: `filter.add('col = ?', value)`. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  constructor(initial: Array<[sql: string, value: unknown]> = []) {
    for (const [sql, value] of initial) this.add(sql, value);
  }

  /** Adds the condition when `value` is defined; `?` becomes the next placeholder. */
  add(sql: string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.conditions.push(sql.replace('?', `$${this.params.length}`));
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
