import type { Finding, LineCharacter } from '../../service';

/** A finding ready for output: its file as the user named it and its range in lines and characters. */
export interface CheckedFinding {
  readonly file: string;
  readonly finding: Finding;
  readonly start: LineCharacter;
  readonly end: LineCharacter;
}
