export interface Migration {
  /** Strictly increasing; never renumber or edit a shipped migration, add a new one. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
