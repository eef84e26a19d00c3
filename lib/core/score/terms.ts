/** Separates terms in the stored form; a term never holds one (terms are words). */
const SEP = '\n';

/** A term table as stored: the terms joined, and their values in the same order. Storing it copies two buffers, not one property per term. */
export interface StoredTerms {
  keys: string;
  values: Float64Array;
}

/**
 * Numbers by term (document frequencies, a profile's weights or counts), kept so that storing them costs
 * no work per term: the terms joined are grown as terms arrive (a string concatenation) and the values
 * sit in a typed array. The statistics are stored after every new page; a plain object with thousands
 * of keys took the structured clone hundreds of milliseconds each way (docs/performance.md).
 * Terms come from pages: the map never answers from a prototype ("constructor" is a term like any other).
 */
export class TermTable {
  private index = new Map<string, number>();
  private names: string[] = [];
  private vals = new Float64Array(64);
  private joined = '';

  get size(): number {
    return this.names.length;
  }

  get(term: string): number {
    const i = this.index.get(term);
    return i === undefined ? 0 : this.vals[i]!;
  }

  /** Adds `delta` to a term's value (a new term starts at 0); returns the value before. */
  add(term: string, delta: number): number {
    let i = this.index.get(term);
    if (i === undefined) {
      if (term.includes(SEP)) return 0;
      i = this.names.length;
      if (i === this.vals.length) {
        const grown = new Float64Array(this.vals.length * 2);
        grown.set(this.vals);
        this.vals = grown;
      }
      this.index.set(term, i);
      this.names.push(term);
      this.joined = i === 0 ? term : this.joined + SEP + term;
      this.vals[i] = 0;
    }
    const old = this.vals[i]!;
    this.vals[i] = old + delta;
    return old;
  }

  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i]!, this.vals[i]!];
  }

  sumOfSquares(): number {
    let s = 0;
    for (let i = 0; i < this.names.length; i++) s += this.vals[i]! * this.vals[i]!;
    return s;
  }

  /** Keeps the `keep` largest values (ties: the first seen), dropping the rest. */
  keepLargest(keep: number): void {
    if (this.size <= keep) return;
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.vals[b]! - this.vals[a]! || a - b);
    const kept = order.slice(0, keep).sort((a, b) => a - b);
    const next = TermTable.from(kept.map((i) => [this.names[i]!, this.vals[i]!]));
    Object.assign(this, { index: next.index, names: next.names, vals: next.vals, joined: next.joined });
  }

  toStored(): StoredTerms {
    return { keys: this.joined, values: this.vals.slice(0, this.size) };
  }

  /** Plain numbers by term, for tests and tools. */
  toRecord(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }

  static from(entries: Iterable<readonly [string, number]>): TermTable {
    const table = new TermTable();
    for (const [term, value] of entries) if (typeof value === 'number' && Number.isFinite(value)) table.add(term, value);
    return table;
  }

  /** Reads the stored form back; also a plain record (statistics saved before this form existed). Anything else: empty. */
  static fromStored(value: unknown): TermTable {
    if (value && typeof value === 'object') {
      const { keys, values } = value as Partial<StoredTerms>;
      if (typeof keys === 'string' && values instanceof Float64Array) {
        const names = keys === '' ? [] : keys.split(SEP);
        if (names.length === values.length) return TermTable.from(names.map((n, i) => [n, values[i]!] as const));
        return new TermTable();
      }
      return TermTable.from(Object.entries(value as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'));
    }
    return new TermTable();
  }
}
