/** A reporting period: from inclusive, to exclusive. */
export interface Period {
  from: Date;
  to: Date;
}
