/** A fixed-size set of small integers (class indices), one bit each. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    const extra = set.words.length * 32 - size;
    if (extra > 0) set.words[set.words.length - 1] = 0xffffffff >>> extra;
    return set;
  }

  has(index: number): boolean {
    return (this.words[index >>> 5] & (1 << (index & 31))) !== 0;
  }

  add(index: number): void {
    this.words[index >>> 5] |= 1 << (index & 31);
  }

  or(other: Bitset): void {
    const words = this.words;
    const others = other.words;
    for (let i = 0; i < words.length; i++) words[i] |= others[i];
  }

  and(other: Bitset): void {
    const words = this.words;
    const others = other.words;
    for (let i = 0; i < words.length; i++) words[i] &= others[i];
  }

  /** this |= a & b */
  orAnd(a: Bitset, b: Bitset): void {
    const words = this.words;
    for (let i = 0; i < words.length; i++) words[i] |= a.words[i] & b.words[i];
  }

  isEmpty(): boolean {
    for (const word of this.words) if (word !== 0) return false;
    return true;
  }

  /** Calls `visit` for each member, in increasing order. */
  forEach(visit: (index: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w];
      while (word !== 0) {
        const low = word & -word;
        visit((w << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }
}
